import {
  GRAPH_MAGIC, LANDMARK_UNREACHABLE, type LandmarkTable, type SectionArray, readSectionDirectory, sectionDirectoryBytes, writeSectionFile,
} from '../../../../src/core/graph';

/**
 * A format 3 graph or region pack (`buffer`, whose landmark tables are `tables`) as format 2
 * wrote it: version 2, each landmark table as Float32 costs (its quanta × unit, plus half a
 * quantum), and the table list's third column a Float32 rounding slack.
 */
export function asFormat2(buffer: ArrayBuffer, tables: readonly LandmarkTable[]): ArrayBuffer {
  const types = [Uint8Array, Uint16Array, Uint32Array, Int32Array, Float32Array, Float64Array] as const;
  const directory = readSectionDirectory(buffer.slice(0, sectionDirectoryBytes(buffer.slice(0, 16))), buffer.byteLength, GRAPH_MAGIC, [3], 'region pack');
  const sections: [string, SectionArray][] = [];
  for (const entry of directory.entries.values()) {
    const Type = types[entry.type - 1];
    let data: SectionArray = new Type(buffer.slice(entry.at, entry.at + entry.byteLength));
    const table = /^LMD(\d)$/.exec(entry.tag);
    if (table !== null) {
      const t = tables[Number(table[1])];
      data = Float32Array.from(t.distances, (q) => (q === LANDMARK_UNREACHABLE ? Infinity : (q + 0.5) * t.unit));
    }
    if (entry.tag === 'LMMT') data = Float64Array.from(data, (v, i) => (i % 3 === 2 ? 1e-3 : v));
    sections.push([entry.tag, data]);
  }
  return writeSectionFile(GRAPH_MAGIC, 2, sections);
}
