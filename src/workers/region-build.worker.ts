/**
 * Builds a region pack off the main thread. In: `{ type: 'build', bytes, name }` with the OSM
 * extract's bytes transferred. Out: `progress` messages (fraction of the whole build and the
 * builder's stage, at most ~100 of them), then `done` with the serialized pack transferred (the
 * worker keeps no copy), or `error` with the builder's message for the user. The build loop is
 * synchronous, so cancelling is the client terminating this worker.
 */
import type { LonLatBbox } from '../core/elevation/dem-source';
import { roadGraphBbox } from '../core/graph';
import { OsmPbfError } from '../core/osm/pbf-errors';
import {
  RegionBuildError, type RegionBuildStage, type RegionPackStats, buildRegionPack, serializeRegionPack,
} from '../core/region';

export interface RegionBuildRequest {
  readonly type: 'build';
  /** The .osm.pbf file (transferred). */
  readonly bytes: ArrayBuffer;
  readonly name: string;
}

/** `bad-file`: not a readable PBF; `no-roads`: a PBF without a usable road network; `internal`: a bug. */
export type RegionBuildFailure = 'bad-file' | 'no-roads' | 'internal';

export type RegionBuildMessage =
  /** Fraction of the build done, 0..1, non-decreasing. */
  | { readonly type: 'progress'; readonly fraction: number; readonly stage: RegionBuildStage }
  | { readonly type: 'done'; readonly buffer: ArrayBuffer; readonly bbox: LonLatBbox; readonly stats: RegionPackStats }
  | { readonly type: 'error'; readonly kind: RegionBuildFailure; readonly message: string };

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: RegionBuildMessage, transfer: Transferable[] = []): void => scope.postMessage(message, transfer);

scope.onmessage = (event: MessageEvent<RegionBuildRequest>) => {
  const request = event.data;
  if (request?.type !== 'build') return;
  try {
    let reported = -1;
    let reportedStage: RegionBuildStage | undefined;
    const pack = buildRegionPack(new Uint8Array(request.bytes), {
      name: request.name,
      onProgress(stage, fraction) {
        if (fraction - reported < 0.01 && stage === reportedStage && fraction < 1) return;
        reported = fraction;
        reportedStage = stage;
        post({ type: 'progress', fraction, stage });
      },
    });
    const bbox = roadGraphBbox(pack.graph) ?? pack.meta.bbox;
    if (bbox === null) throw new RegionBuildError('This extract has no road a car may drive. Choose an extract that covers roads.');
    const buffer = serializeRegionPack(pack);
    post({ type: 'done', buffer, bbox, stats: pack.meta.stats }, [buffer]);
  } catch (error) {
    if (error instanceof OsmPbfError) post({ type: 'error', kind: 'bad-file', message: error.message });
    else if (error instanceof RegionBuildError) post({ type: 'error', kind: 'no-roads', message: error.message });
    else if (error instanceof RangeError) {
      post({ type: 'error', kind: 'internal', message: `This extract is too big to build in the browser (${error.message}). Build the pack with "npm run cli -- region build", or choose a smaller extract.` });
    } else {
      post({ type: 'error', kind: 'internal', message: `Building the region pack failed unexpectedly: ${error instanceof Error ? error.message : String(error)}. Try again; if it keeps failing, report it with the extract's name.` });
    }
  }
};
