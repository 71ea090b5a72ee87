/**
 * Reads an OSM extract (.osm.pbf) off the main thread. In: `{ bytes }` (transferred).
 * Out: `{ type: 'progress', fraction }` messages, then `{ type: 'done', pois }` with the POI set's
 * typed arrays transferred, or `{ type: 'error', message }`. Cancelling is terminating the worker.
 */
import { readPoisFromPbf, type PoiSet } from '../core/pois';

export interface OsmExtractRequest { bytes: ArrayBuffer }
export type OsmExtractMessage =
  | { type: 'progress'; fraction: number }
  | { type: 'done'; pois: PoiSet; stats: { points: number; shapes: number } }
  | { type: 'error'; message: string };

const scope = self as unknown as { onmessage: ((e: MessageEvent<OsmExtractRequest>) => void) | null; postMessage(m: OsmExtractMessage, transfer?: Transferable[]): void };

function transferables(pois: PoiSet): Transferable[] {
  const out = new Set<ArrayBufferLike>();
  for (const col of [...Object.values(pois.points), ...Object.values(pois.shapes)]) {
    if (ArrayBuffer.isView(col)) out.add(col.buffer);
  }
  return [...out].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
}

scope.onmessage = (e) => {
  try {
    let last = 0;
    const { pois } = readPoisFromPbf(new Uint8Array(e.data.bytes), {
      onProgress: (done, total) => {
        const fraction = total > 0 ? done / total : 0;
        if (fraction - last >= 0.02) { last = fraction; scope.postMessage({ type: 'progress', fraction }); }
      },
    });
    scope.postMessage({ type: 'done', pois, stats: { points: pois.points.count, shapes: pois.shapes.count } }, transferables(pois));
  } catch (err) {
    scope.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
