/**
 * Turn-by-turn sentences for OSRM steps ("Enter the roundabout and take the 2nd exit onto
 * CG-2"), through osrm-text-instructions in any of its 31 languages.
 *
 * The library throws on inputs that real routers do send (an unknown maneuver type, a missing
 * modifier, a `use lane` step without lanes) and prints to the console on unknown types. This
 * wrapper normalises such steps first, as the OSRM spec tells clients to (unknown types read as
 * `turn`), so it always returns a sentence.
 */
import osrmTextInstructions, { type InstructionStep } from 'osrm-text-instructions';
import type { OsrmManeuverType, OsrmModifier, OsrmStep } from './osrm-types';

export interface StepInstructionOptions {
  /** BCP 47 code such as `en`, `de`, `pt-BR`; falls back to the base language, then English. Default `en`. */
  language?: string;
  /** 0-based index of the step's leg; with `legCount`, arrivals read "your 2nd destination". */
  legIndex?: number;
  legCount?: number;
  /** Spoken on arrival: "You have arrived at Coll d'Ordino". */
  waypointName?: string;
}

const compiler = osrmTextInstructions('v5');

const MANEUVER_TYPES: ReadonlySet<string> = new Set<OsrmManeuverType>([
  'depart', 'arrive', 'turn', 'new name', 'continue', 'merge', 'on ramp', 'off ramp', 'fork', 'end of road',
  'use lane', 'roundabout', 'rotary', 'roundabout turn', 'exit roundabout', 'exit rotary', 'notification',
]);
const MODIFIERS: ReadonlySet<string> = new Set<OsrmModifier>([
  'uturn', 'sharp right', 'right', 'slight right', 'straight', 'slight left', 'left', 'sharp left',
]);

const PROBE_STEP: InstructionStep = { maneuver: { type: 'depart', bearing_after: 0 } };
const languageSupport = new Map<string, boolean>();

function isSupported(code: string): boolean {
  let supported = languageSupport.get(code);
  if (supported === undefined) {
    // The library has no cheap "is this language loaded" query that avoids bundling its language
    // table twice, so ask compile() once per code.
    try {
      compiler.compile(code, PROBE_STEP);
      supported = true;
    } catch {
      supported = false;
    }
    languageSupport.set(code, supported);
  }
  return supported;
}

/** The translation used for `language`: itself, else its base (`de-AT` → `de`, `zh` → `zh-Hans`), else `en`. */
export function instructionLanguage(language: string): string {
  if (isSupported(language)) return language;
  const base = language.split('-')[0].toLowerCase();
  for (const candidate of [base, `${base}-${base.toUpperCase()}`, `${base}-Hans`, `${base}-BR`]) {
    if (isSupported(candidate)) return candidate;
  }
  return 'en';
}

/** The step in the form the library accepts without throwing. */
function normalisedStep(step: OsrmStep): InstructionStep {
  let type: string = MANEUVER_TYPES.has(step.maneuver.type) ? step.maneuver.type : 'turn';
  let modifier = step.maneuver.modifier !== undefined && MODIFIERS.has(step.maneuver.modifier) ? step.maneuver.modifier : undefined;
  if (type === 'use lane' && !step.intersections?.[0]?.lanes) type = 'continue';
  if (modifier === undefined && type !== 'depart' && type !== 'arrive') modifier = 'straight';
  return {
    maneuver: { type, modifier, exit: step.maneuver.exit, bearing_after: step.maneuver.bearing_after },
    name: step.name,
    ref: step.ref,
    mode: step.mode,
    driving_side: step.driving_side,
    destinations: step.destinations,
    exits: step.exits,
    rotary_name: step.rotary_name,
    intersections: step.intersections,
  };
}

/**
 * One sentence for one step.
 * @example stepInstruction(step, { legIndex: 0, legCount: 1 }) // 'Enter the roundabout and take the 2nd exit'
 */
export function stepInstruction(step: OsrmStep, options: StepInstructionOptions = {}): string {
  const language = instructionLanguage(options.language ?? 'en');
  const compileOptions = { legIndex: options.legIndex, legCount: options.legCount, waypointName: options.waypointName };
  try {
    return compiler.compile(language, normalisedStep(step), compileOptions);
  } catch {
    // Only reachable through library bugs or unforeseen data: say something true rather than nothing.
    return compiler.compile(language, { maneuver: { type: 'continue', modifier: 'straight' }, name: step.name, ref: step.ref }, compileOptions);
  }
}
