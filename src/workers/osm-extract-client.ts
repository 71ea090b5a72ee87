/** Opens an OSM extract in a Web Worker; resolves with its scenic features. Aborting terminates the worker. */
import type { PoiSet } from '../core/pois';
import type { OsmExtractMessage, OsmExtractRequest } from './osm-extract.worker';

export async function readOsmExtractInWorker(file: Blob, options: { onProgress?: (fraction: number) => void; signal?: AbortSignal } = {}): Promise<PoiSet> {
  const bytes = await file.arrayBuffer();
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) { reject(new DOMException('Cancelled', 'AbortError')); return; }
    const worker = new Worker(new URL('./osm-extract.worker.ts', import.meta.url), { type: 'module' });
    const finish = () => { worker.terminate(); options.signal?.removeEventListener('abort', onAbort); };
    const onAbort = () => { finish(); reject(new DOMException('Cancelled', 'AbortError')); };
    options.signal?.addEventListener('abort', onAbort);
    worker.onmessage = (e: MessageEvent<OsmExtractMessage>) => {
      const m = e.data;
      if (m.type === 'progress') { options.onProgress?.(m.fraction); return; }
      finish();
      if (m.type === 'done') resolve(m.pois);
      else reject(new Error(m.message));
    };
    worker.onerror = (e) => { finish(); reject(new Error(e.message || 'The extract reader failed to start.')); };
    const request: OsmExtractRequest = { bytes };
    worker.postMessage(request, [bytes]);
  });
}
