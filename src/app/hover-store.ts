/**
 * The distance along the drive under the pointer, shared by the map and the profile so each can
 * follow the other. Kept out of the planner state so a pointer move re-renders only its readers.
 */
export type HoverSource = 'map' | 'profile';

export interface HoverState {
  distanceMeters: number | null;
  source: HoverSource | null;
}

export class HoverStore {
  private state: HoverState = { distanceMeters: null, source: null };
  private readonly listeners = new Set<() => void>();

  get = (): HoverState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  set(distanceMeters: number | null, source: HoverSource): void {
    if (this.state.distanceMeters === distanceMeters && this.state.source === source) return;
    this.state = { distanceMeters, source: distanceMeters === null ? null : source };
    for (const l of this.listeners) l();
  }
}
