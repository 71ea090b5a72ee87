/**
 * Main-thread side of building a region pack: `buildRegionPackInWorker(file, {name, onProgress,
 * signal})` reads the OSM extract, transfers its bytes to a worker (region-build.worker.ts) that
 * runs `buildRegionPack` + `serializeRegionPack`, and resolves with the pack file (transferred
 * back), the area it covers and its statistics, ready for `RegionPackStore.save`.
 *
 * One worker per build, terminated when the build ends: a build holds memory proportional to the
 * extract's road network, which is returned to the system at once this way. Cancelling (the
 * signal) terminates the worker immediately, since the build loop is synchronous.
 */
import type { LonLatBbox } from '../core/elevation/dem-source';
import type { RegionBuildStage, RegionPackStats } from '../core/region';
import type { RegionBuildFailure, RegionBuildMessage, RegionBuildRequest } from './region-build.worker';

export interface BuildRegionPackInWorkerOptions {
  /** What the user calls the region (stored in the pack); default the file's name without `.osm.pbf`. */
  name?: string;
  /** Fraction of the build done (0..1, non-decreasing; 1 just before the promise resolves) and the builder's stage. */
  onProgress?: (fraction: number, stage: RegionBuildStage) => void;
  /** Aborting rejects with an AbortError DOMException and stops the worker. */
  signal?: AbortSignal;
}

export interface BuiltRegionPack {
  /** The serialized pack (`readRegionPack` reads it). */
  buffer: ArrayBuffer;
  /** Extent of the pack's roads, `[west, south, east, north]` degrees. */
  bbox: LonLatBbox;
  stats: RegionPackStats;
}

/** The extract could not become a pack; `message` is written for the user. */
export class RegionPackBuildError extends Error {
  readonly kind: RegionBuildFailure;
  constructor(kind: RegionBuildFailure, message: string) {
    super(message);
    this.name = 'RegionPackBuildError';
    this.kind = kind;
  }
}

/**
 * Builds a region pack from an OSM extract (.osm.pbf) in a Web Worker. Rejects with
 * `RegionPackBuildError` (e.g. kind `bad-file` for a file that is not a PBF) or, when aborted,
 * with an AbortError DOMException.
 */
export async function buildRegionPackInWorker(file: Blob, options: BuildRegionPackInWorkerOptions = {}): Promise<BuiltRegionPack> {
  const { onProgress, signal } = options;
  const fileName = typeof File !== 'undefined' && file instanceof File ? file.name : undefined;
  const name = options.name ?? fileName?.replace(/\.osm\.pbf$|\.pbf$/i, '') ?? 'region';
  if (signal?.aborted) throw cancelled();
  let bytes: ArrayBuffer;
  try {
    bytes = await file.arrayBuffer();
  } catch (error) {
    throw new RegionPackBuildError('bad-file', `Could not read the file${fileName ? ` ${fileName}` : ''}: ${(error as Error).message}. Choose it again.`);
  }
  if (signal?.aborted) throw cancelled();

  const worker = new Worker(new URL('./region-build.worker.ts', import.meta.url), { type: 'module', name: 'region-build' });
  return new Promise<BuiltRegionPack>((resolve, reject) => {
    let settled = false;
    const finish = (): boolean => {
      if (settled) return false;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      worker.onmessage = null;
      worker.onerror = null;
      worker.onmessageerror = null;
      worker.terminate();
      return true;
    };
    const onAbort = () => {
      if (finish()) reject(cancelled());
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    worker.onmessage = (event: MessageEvent<RegionBuildMessage>) => {
      const message = event.data;
      if (message.type === 'progress') {
        if (!settled) onProgress?.(message.fraction, message.stage);
      } else if (message.type === 'done') {
        if (finish()) resolve({ buffer: message.buffer, bbox: message.bbox, stats: message.stats });
      } else if (finish()) {
        reject(new RegionPackBuildError(message.kind, message.message));
      }
    };
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      if (finish()) reject(new RegionPackBuildError('internal', `The region build worker failed (${event.message || 'no details'}); the extract may be too big for this browser. Reload the page and try again, or build the pack with "npm run cli -- region build".`));
    };
    worker.onmessageerror = () => {
      if (finish()) reject(new RegionPackBuildError('internal', 'The region build worker sent a result that could not be read. Reload the page and try again.'));
    };

    const request: RegionBuildRequest = { type: 'build', bytes, name };
    worker.postMessage(request, [bytes]);
  });
}

function cancelled(): DOMException {
  return new DOMException('Building the region pack was cancelled.', 'AbortError');
}
