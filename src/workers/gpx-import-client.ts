/**
 * Main-thread side of GPX import: `importGpxFile(file, {onProgress, signal})` reads the file,
 * hands the bytes to a worker (gpx-import.worker.ts) and resolves with the drive and its
 * route-cache entries. The page stays responsive however big the file is.
 *
 * Worker lifetime: after an import the worker is kept for IDLE_WORKER_MS, so the next import
 * (organizers import several scout recordings in a row) skips worker start-up and runs on an
 * already optimised parser. Cancelling terminates the worker at once: the parse loop is
 * synchronous, so termination is the only immediate stop. Concurrent imports get their own workers.
 */
import type { ImportedDrive } from '../core/gpx';
import type { GpxImportMessage, GpxImportRequest } from './gpx-import.worker';

export interface ImportGpxOptions {
  /** Fraction done, 0..1, non-decreasing; the last call is 1 just before the promise resolves. */
  onProgress?: (fraction: number) => void;
  /** Aborting rejects the promise with an AbortError DOMException and stops the worker. */
  signal?: AbortSignal;
  /** Fallback drive name (defaults to the File's name). */
  fileName?: string;
}

/** The file could not be imported; `message` is the reader's, written for the user. */
export class GpxImportError extends Error {
  /** GpxReadError kind ('malformed', 'not-gpx', 'not-xml', 'invalid') or 'internal'. */
  readonly kind: string;
  constructor(message: string, kind: string) {
    super(message);
    this.name = 'GpxImportError';
    this.kind = kind;
  }
}

/**
 * Imports a GPX file in a Web Worker. An `ArrayBuffer` argument is transferred to the worker, so
 * it is empty afterwards; pass `buffer.slice(0)` to keep a copy.
 */
export async function importGpxFile(file: File | Blob | ArrayBuffer, options: ImportGpxOptions = {}): Promise<ImportedDrive> {
  const { onProgress, signal } = options;
  const fileName = options.fileName ?? (typeof File !== 'undefined' && file instanceof File ? file.name : undefined);
  if (signal?.aborted) throw cancelled();
  let bytes: ArrayBuffer;
  try {
    bytes = file instanceof ArrayBuffer ? file : await file.arrayBuffer();
  } catch (error) {
    throw new GpxImportError(`Could not read the file${fileName ? ` ${fileName}` : ''}: ${(error as Error).message}. Choose it again.`, 'internal');
  }
  if (signal?.aborted) throw cancelled();

  const worker = acquireWorker();
  return new Promise<ImportedDrive>((resolve, reject) => {
    let settled = false;
    /** Ends this import once; a healthy worker goes back to the idle slot, a broken or cancelled one is terminated. */
    const finish = (keepWorker: boolean): boolean => {
      if (settled) return false;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      worker.onmessage = null;
      worker.onerror = null;
      worker.onmessageerror = null;
      if (keepWorker) releaseWorker(worker);
      else worker.terminate();
      return true;
    };
    const onAbort = () => {
      if (finish(false)) reject(cancelled());
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    worker.onmessage = (event: MessageEvent<GpxImportMessage>) => {
      const message = event.data;
      if (message.type === 'progress') onProgress?.(message.fraction);
      else if (message.type === 'result' && finish(true)) resolve({ drive: message.drive, routes: message.routes });
      else if (message.type === 'error' && finish(message.kind !== 'internal')) reject(new GpxImportError(message.message, message.kind));
    };
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      if (finish(false)) reject(new GpxImportError(`The GPX import worker failed to run (${event.message || 'no details'}). Reload the page and try again.`, 'internal'));
    };
    worker.onmessageerror = () => {
      if (finish(false)) reject(new GpxImportError('The GPX import worker sent a result that could not be read. Reload the page and try again.', 'internal'));
    };

    const request: GpxImportRequest = { type: 'import', bytes, fileName };
    worker.postMessage(request, [bytes]);
  });
}

/** How long a finished worker waits for the next import before it is terminated. */
const IDLE_WORKER_MS = 60_000;
let idleWorker: Worker | undefined;
let idleTimer: ReturnType<typeof setTimeout> | undefined;

function acquireWorker(): Worker {
  const worker = idleWorker;
  if (worker) {
    idleWorker = undefined;
    clearTimeout(idleTimer);
    return worker;
  }
  return new Worker(new URL('./gpx-import.worker.ts', import.meta.url), { type: 'module', name: 'gpx-import' });
}

function releaseWorker(worker: Worker): void {
  if (idleWorker) {
    worker.terminate();
    return;
  }
  idleWorker = worker;
  idleTimer = setTimeout(() => {
    idleWorker?.terminate();
    idleWorker = undefined;
  }, IDLE_WORKER_MS);
}

function cancelled(): DOMException {
  return new DOMException('GPX import was cancelled.', 'AbortError');
}
