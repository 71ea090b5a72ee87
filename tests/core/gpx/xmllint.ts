/** Schema validation of GPX text with Debian's xmllint, as CI does (see ../shared/schemas/README.md). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SCHEMA_DIR } from './xmldom-oracle';

export const XMLLINT = process.env.XMLLINT ?? '/usr/bin/xmllint';

export interface XmllintResult {
  /** 0 valid, 3 not schema-valid, 1 not well-formed. */
  status: number | null;
  output: string;
}

/** Validates `xml` against `../shared/schemas/<schema>` with `xmllint --nonet --noout --schema`. */
export function xmllintValidate(xml: string, schema: 'gpx.xsd' | 'gpx11-garmin.xsd'): XmllintResult {
  const dir = mkdtempSync(path.join(tmpdir(), 'switchback-gpx-'));
  try {
    const file = path.join(dir, 'export.gpx');
    writeFileSync(file, xml);
    const run = spawnSync(XMLLINT, ['--nonet', '--noout', '--schema', path.join(SCHEMA_DIR, schema), file], { encoding: 'utf8' });
    if (run.error) throw new Error(`Cannot run ${XMLLINT} (${run.error.message}); install libxml2-utils or set XMLLINT.`);
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
