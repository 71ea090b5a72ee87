/** Adapts the routing `SegmentScheduler` to the planner's port (where `null` means "no drive open"). */
import { createDrive, type Drive } from '../core/drive/drive';
import { SegmentScheduler, type SegmentSchedulerOptions } from '../routing/segment-scheduler';
import type { SegmentSchedulerPort } from './ports';

/** A drive with no segments: updating to it aborts every request in flight. */
const NO_DRIVE: Drive = createDrive('', 0);

export function schedulerPort(options: SegmentSchedulerOptions): SegmentSchedulerPort {
  const scheduler = new SegmentScheduler(options);
  return {
    update: (drive, updateOptions) => scheduler.update(drive ?? NO_DRIVE, updateOptions),
    retryFallbacks: (drive) => { scheduler.retryFallbacks(drive); },
    dispose: () => scheduler.dispose(),
  };
}
