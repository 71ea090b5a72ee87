/** Runs `driveToGpx` in a Web Worker and returns the file as a Blob; aborting terminates the worker. */
import type { Drive } from '../core/drive/drive';
import type { SegmentRoute } from '../core/drive/segment-route';
import type { GpxWriteOptions } from '../core/gpx';
import type { GpxExportRequest, GpxExportResponse } from './gpx-export.worker';

export function exportGpxInWorker(drive: Drive, routes: readonly SegmentRoute[], options: { signal?: AbortSignal; write?: GpxWriteOptions } = {}): Promise<Blob> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) { reject(new DOMException('Export cancelled', 'AbortError')); return; }
    const worker = new Worker(new URL('./gpx-export.worker.ts', import.meta.url), { type: 'module' });
    const finish = () => { worker.terminate(); options.signal?.removeEventListener('abort', onAbort); };
    const onAbort = () => { finish(); reject(new DOMException('Export cancelled', 'AbortError')); };
    options.signal?.addEventListener('abort', onAbort);
    worker.onmessage = (e: MessageEvent<GpxExportResponse>) => {
      finish();
      if (e.data.ok) resolve(new Blob([e.data.bytes], { type: 'application/gpx+xml' }));
      else reject(new Error(e.data.error));
    };
    worker.onerror = (e) => { finish(); reject(new Error(e.message || 'The export worker failed to start.')); };
    const request: GpxExportRequest = { drive, routes: routes.slice(), options: options.write };
    worker.postMessage(request);
  });
}
