/**
 * Writes a drive as GPX off the main thread. In: `{ drive, routes }` (routes' typed arrays arrive
 * by structured clone). Out: `{ ok: true, bytes }` with the UTF-8 bytes transferred, or
 * `{ ok: false, error }`. Cancelling is terminating the worker.
 */
import { driveToGpxBytes, type GpxWriteOptions } from '../core/gpx';
import type { Drive } from '../core/drive/drive';
import type { SegmentRoute } from '../core/drive/segment-route';

export interface GpxExportRequest {
  drive: Drive;
  routes: SegmentRoute[];
  options?: GpxWriteOptions;
}

export type GpxExportResponse = { ok: true; bytes: ArrayBuffer } | { ok: false; error: string };

const scope = self as unknown as { onmessage: ((e: MessageEvent<GpxExportRequest>) => void) | null; postMessage(m: GpxExportResponse, transfer?: Transferable[]): void };

scope.onmessage = (e) => {
  try {
    const { drive, routes, options } = e.data;
    const byKey = new Map(routes.map((r) => [r.key, r]));
    const encoded = driveToGpxBytes(drive, (key) => byKey.get(key), options);
    const bytes = (encoded.byteOffset === 0 && encoded.byteLength === encoded.buffer.byteLength ? encoded.buffer : encoded.slice().buffer) as ArrayBuffer;
    scope.postMessage({ ok: true, bytes }, [bytes]);
  } catch (err) {
    scope.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) });
  }
};
