/**
 * Error classification (node). Also a real "IndexedDB is missing" case: Node has no indexedDB, so
 * Dexie fails exactly as in a browser where the API is gone.
 */
import { describe, expect, test } from 'vitest';
import { Dexie } from 'dexie';
import { DriveRepository, QUOTA_MESSAGE, StorageError, UNAVAILABLE_MESSAGE, OUTDATED_MESSAGE } from '../../src/store';
import { errorNames, toStorageError } from '../../src/store/storage-error';

function domError(name: string, message = name): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

describe('toStorageError', () => {
  test('finds a QuotaExceededError wrapped by Dexie (AbortError.inner, BulkError.failures) or given only as code 22', () => {
    const abort = new Dexie.AbortError('Transaction aborted', domError('QuotaExceededError'));
    expect(errorNames(abort)).toContain('QuotaExceededError');
    expect(toStorageError(abort, 'save')).toMatchObject({ kind: 'quota', message: QUOTA_MESSAGE });
    const bulk = new Dexie.BulkError('1 of 2 failed', [domError('QuotaExceededError')]);
    expect(toStorageError(bulk, 'save').kind).toBe('quota');
    const legacy = Object.assign(new Error('quota'), { code: 22 });
    expect(toStorageError(legacy, 'save').kind).toBe('quota');
  });

  test('a blocked or missing IndexedDB is "unavailable" even when Dexie reports it as DatabaseClosedError', () => {
    const wrapped = new Dexie.DatabaseClosedError(domError('SecurityError', 'The operation is insecure.'));
    expect(toStorageError(wrapped, 'load')).toMatchObject({ kind: 'unavailable', message: UNAVAILABLE_MESSAGE });
    expect(toStorageError(new Dexie.MissingAPIError(), 'open').kind).toBe('unavailable');
    expect(toStorageError(new Dexie.OpenFailedError(domError('AbortError')), 'open').kind).toBe('unavailable');
  });

  test('a closed or version-mismatched database asks for a reload', () => {
    expect(toStorageError(new Dexie.DatabaseClosedError(), 'save')).toMatchObject({ kind: 'outdated', message: OUTDATED_MESSAGE });
    expect(toStorageError(domError('VersionError'), 'open').kind).toBe('outdated');
  });

  test('anything else is "unknown" with the cause in the message, and StorageErrors pass through', () => {
    const e = toStorageError(new TypeError('x is undefined'), 'save');
    expect(e).toBeInstanceOf(StorageError);
    expect(e.kind).toBe('unknown');
    expect(e.message).toMatch(/^Saving your drive failed \(TypeError: x is undefined\)\. Nothing already saved was lost/);
    expect(e.cause).toBeInstanceOf(TypeError);
    const own = new StorageError('not-found', 'gone');
    expect(toStorageError(own, 'load')).toBe(own);
  });
});

describe('without IndexedDB (node has none)', () => {
  test('every repository call rejects with the "cannot save drafts here" StorageError', async () => {
    expect(typeof (globalThis as { indexedDB?: unknown }).indexedDB).toBe('undefined');
    const repo = new DriveRepository('switchback-no-idb');
    await expect(repo.open()).rejects.toMatchObject({ name: 'StorageError', kind: 'unavailable', message: UNAVAILABLE_MESSAGE });
    await expect(repo.listDrives()).rejects.toMatchObject({ kind: 'unavailable' });
    await expect(repo.createDrive('x')).rejects.toMatchObject({ kind: 'unavailable' });
    await expect(repo.getSetting('distanceUnits')).rejects.toMatchObject({ kind: 'unavailable' });
  });
});
