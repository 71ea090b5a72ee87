/**
 * Types for osrm-text-instructions 0.15 (CommonJS, ships none). Only what Switchback calls is
 * declared; steps are typed structurally so the library stays independent of our OSRM types.
 */
declare module 'osrm-text-instructions' {
  export interface CompileOptions {
    /** 0-based index of the step's leg. */
    legIndex?: number;
    /** Number of legs in the route; with `legIndex`, arrivals read "your 1st destination". */
    legCount?: number;
    /** Road classes of the step (e.g. `['motorway']`), which change how refs are read. */
    classes?: string[];
    /** Name spoken on arrival ("You have arrived at Coll d'Ordino"). */
    waypointName?: string;
    /** Wraps each token (way name, exit, …) for markup. */
    formatToken?: (token: string, value: string) => string;
  }

  /** The structural subset of an OSRM step that `compile` reads. */
  export interface InstructionStep {
    maneuver: { type: string; modifier?: string; exit?: number; bearing_after?: number };
    name?: string;
    ref?: string;
    mode?: string;
    driving_side?: string;
    destinations?: string;
    exits?: string;
    rotary_name?: string;
    junction_name?: string;
    intersections?: ReadonlyArray<{ lanes?: ReadonlyArray<{ valid: boolean; indications: readonly string[] }> }>;
  }

  export interface TextInstructions {
    /** Throws on an unknown language, a missing maneuver, or a missing modifier on turn-like types. */
    compile(language: string, step: InstructionStep, options?: CompileOptions): string;
    ordinalize(language: string, n: number): string;
    directionFromDegree(language: string, degrees: number): string;
  }

  /** `version` is the OSRM API version; only `'v5'` exists. */
  export default function osrmTextInstructions(version: 'v5'): TextInstructions;
}
