/**
 * GPX import off the main thread: bytes in, `{drive, routes}` out, with progress messages.
 * The result's typed arrays (route coordinates and elevations) are transferred, not copied; the
 * drive itself is a few small plain objects. A worker handles one import at a time and may be
 * reused for the next; the client terminates it to cancel (the parse loop is synchronous, so
 * termination is how cancel works).
 */
import type { Drive } from '../core/drive/drive';
import type { SegmentRoute } from '../core/drive/segment-route';
import { decodeGpxBytes, GpxReadError, gpxToDrive, readGpx } from '../core/gpx';

export interface GpxImportRequest {
  readonly type: 'import';
  /** The file's bytes (transferred); decoded as UTF-8 unless the XML declaration says otherwise. */
  readonly bytes: ArrayBuffer;
  /** Used for the drive name when the file names nothing. */
  readonly fileName?: string;
}

export type GpxImportMessage =
  /** Fraction of the work done, 0..1, non-decreasing. */
  | { readonly type: 'progress'; readonly fraction: number }
  | { readonly type: 'result'; readonly drive: Drive; readonly routes: SegmentRoute[] }
  /** `kind` is the GpxReadError kind, or 'internal' for anything unexpected. */
  | { readonly type: 'error'; readonly message: string; readonly kind: string };

/** Reading is most of the work; converting to a drive (distances) is the rest. */
const READ_SHARE = 0.95;

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: GpxImportMessage, transfer: Transferable[] = []): void => scope.postMessage(message, transfer);

scope.onmessage = (event: MessageEvent<GpxImportRequest>) => {
  const request = event.data;
  if (request?.type !== 'import') return;
  try {
    let reported = 0;
    post({ type: 'progress', fraction: 0 });
    const document = readGpx(decodeGpxBytes(new Uint8Array(request.bytes)), {
      onProgress(done, total) {
        const fraction = total > 0 ? (done / total) * READ_SHARE : READ_SHARE;
        // At most ~100 messages however big the file is.
        if (fraction - reported >= 0.01) {
          reported = fraction;
          post({ type: 'progress', fraction });
        }
      },
    });
    const { drive, routes } = gpxToDrive(document, { fileName: request.fileName });
    post({ type: 'progress', fraction: 1 });
    post({ type: 'result', drive, routes }, transferables(routes));
  } catch (error) {
    post(error instanceof GpxReadError
      ? { type: 'error', message: error.message, kind: error.kind }
      : { type: 'error', message: `The GPX import failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`, kind: 'internal' });
  }
};

/** Each typed-array buffer once (listing a buffer twice would make postMessage throw). */
function transferables(routes: readonly SegmentRoute[]): Transferable[] {
  const buffers = new Set<ArrayBuffer>();
  for (const route of routes) {
    buffers.add(route.coords.buffer as ArrayBuffer);
    if (route.elevationsMeters) buffers.add(route.elevationsMeters.buffer as ArrayBuffer);
  }
  return [...buffers];
}
