/**
 * Every failure of the drafts store reaches the UI as a `StorageError`: a `kind` to branch on and a
 * `message` written for the user (what happened, what is safe, what to do). The raw Dexie or
 * IndexedDB error stays available as `cause` for logs.
 *
 * Contract shared by all repository writes: a write is one IndexedDB transaction, so when a
 * `StorageError` is thrown nothing of that write was stored and everything saved before is intact.
 */

export type StorageErrorKind =
  /** The origin's storage quota is used up (disk full or browser limit). */
  | 'quota'
  /** IndexedDB cannot be used at all here: private mode, blocked site data, missing API, broken backing store. */
  | 'unavailable'
  /** Another tab runs a newer Switchback that upgraded the database, or closed our connection to do so. */
  | 'outdated'
  /** The value given to a write cannot be stored (fails validation or structured cloning): a bug, not the user's fault. */
  | 'invalid-data'
  /** A stored record is damaged and was not used. */
  | 'corrupt'
  /** The drive does not exist (or is in the deleted list). */
  | 'not-found'
  | 'unknown';

export class StorageError extends Error {
  readonly kind: StorageErrorKind;
  constructor(kind: StorageErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
    this.kind = kind;
  }
}

export const QUOTA_MESSAGE =
  "Your browser's storage for Switchback is full: delete old drives or region packs, then try again. " +
  'Your drive is still open; nothing already saved was lost.';

export const UNAVAILABLE_MESSAGE =
  'This browser does not let Switchback save drafts (its storage, IndexedDB, is unavailable: ' +
  'private browsing, blocked site data, or a damaged browser profile). You can keep planning, but ' +
  'nothing is kept when you close this tab: export your drive as GPX to keep it, or open Switchback ' +
  'in a normal window with site data allowed.';

export const OUTDATED_MESSAGE =
  'A newer version of Switchback, open in another tab, has upgraded your saved drafts. ' +
  'Reload this page to continue; your saved drives are safe.';

/** What the repository was doing, for the message of errors that are not self-explaining. */
export type StorageAction = 'save' | 'load' | 'delete' | 'open';

const ACTION_TEXT: Record<StorageAction, string> = {
  save: 'Saving your drive',
  load: 'Loading your drives',
  delete: 'Deleting',
  open: 'Opening the drafts database',
};

/** Causes that mean IndexedDB cannot work here; Dexie often wraps them in DatabaseClosedError/OpenFailedError. */
const UNAVAILABLE_CAUSES = new Set(['MissingAPIError', 'SecurityError', 'InvalidStateError', 'UnknownError', 'InvalidAccessError']);
/** The database is at another version than this code (another tab upgraded it, or a newer release dropped a table). */
const OUTDATED_CAUSES = new Set(['VersionError', 'DatabaseClosedError', 'NotFoundError', 'UpgradeError']);

/**
 * Names of an error and everything it wraps (Dexie's `inner`, `cause`, `BulkError.failures`),
 * outermost first, so a QuotaExceededError hidden inside an AbortError is still recognised.
 */
export function errorNames(err: unknown, depth = 0): string[] {
  if (depth > 6 || typeof err !== 'object' || err === null) return [];
  const e = err as { name?: unknown; inner?: unknown; cause?: unknown; failures?: unknown; code?: unknown };
  const names: string[] = [];
  if (typeof e.name === 'string') names.push(e.name);
  // Legacy DOMException code 22 is QUOTA_EXCEEDED_ERR (older Safari reports only the code).
  if (e.code === 22) names.push('QuotaExceededError');
  names.push(...errorNames(e.inner, depth + 1));
  if (e.cause !== e.inner) names.push(...errorNames(e.cause, depth + 1));
  if (Array.isArray(e.failures)) for (const f of e.failures) names.push(...errorNames(f, depth + 1));
  return names;
}

function detail(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}

/** Converts anything thrown by Dexie/IndexedDB (or by us) into a `StorageError` with a user-facing message. */
export function toStorageError(err: unknown, action: StorageAction): StorageError {
  if (err instanceof StorageError) return err;
  const names = errorNames(err);
  if (names.includes('QuotaExceededError')) return new StorageError('quota', QUOTA_MESSAGE, { cause: err });
  if (names.includes('DataCloneError')) {
    return new StorageError('invalid-data',
      `${ACTION_TEXT[action]} failed because part of the drive could not be stored (${detail(err)}). ` +
      'This is a bug in Switchback; nothing already saved was changed. Export GPX to keep this version.', { cause: err });
  }
  // Precedence matters: a wrapped SecurityError says more than the DatabaseClosedError around it.
  if (names.some((n) => UNAVAILABLE_CAUSES.has(n))) return new StorageError('unavailable', UNAVAILABLE_MESSAGE, { cause: err });
  if (names.some((n) => OUTDATED_CAUSES.has(n))) return new StorageError('outdated', OUTDATED_MESSAGE, { cause: err });
  if (names.includes('OpenFailedError')) return new StorageError('unavailable', UNAVAILABLE_MESSAGE, { cause: err });
  return new StorageError('unknown',
    `${ACTION_TEXT[action]} failed (${detail(err)}). Nothing already saved was lost; try again, ` +
    'and export your drive as GPX if it keeps failing.', { cause: err });
}
