/**
 * Locates the read-only shared test data (`/work/shared/data`, i.e. `../shared/data` from the
 * repository root). A missing file fails the test with a message saying what is missing.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const SHARED_DATA_DIR = path.resolve(repoRoot, '../shared/data');

/** Bytes of a shared data file, e.g. `dem/N42E001.hgt.zip`. Throws (failing the test) if it is missing. */
export function readSharedData(relativePath: string): Uint8Array {
  const file = path.join(SHARED_DATA_DIR, relativePath);
  if (!existsSync(file)) {
    throw new Error(`Shared test data file missing: ${file}. The elevation tests need the real files described in ../shared/data/README.md.`);
  }
  const buffer = readFileSync(file);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
