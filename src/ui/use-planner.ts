import { useSyncExternalStore } from 'react';
import type { Planner, PlannerState } from '../app/planner';

export function usePlannerState(planner: Planner): PlannerState {
  return useSyncExternalStore(planner.subscribe, planner.getState, planner.getState);
}
