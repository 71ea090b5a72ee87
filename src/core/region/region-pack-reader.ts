/**
 * Reads a region pack in stages, fetching only the byte ranges each stage needs, so a router can
 * start on a big pack before all of it is in memory:
 *   1. `open`: the header and section directory (a few kB);
 *   2. `readRouterCore`: the road graph (with its reverse CSR) without landmark tables, and the metadata;
 *   3. `readLandmarkTable(profile)`: one profile's landmark table (on a 1M-node pack, 31 MB each);
 *   4. `readExtras`: OSM ids, scenic features, parking (not needed to route).
 * `readRoutingInputs` serves a helper that derives edge costs from the same file in parallel;
 * `readSections` / `takeChunks` / `addChunks` let workers split the reads and hand bytes over.
 * Every stage returns zero-copy views on the bytes it read and runs the same checks as
 * `readRegionPack`, which reads a whole pack held in memory. The fetch function is the adapter's
 * (a Blob slice in the browser, a file read in Node); stages may run concurrently.
 */
import {
  type DecodeGraphOptions, GRAPH_CORE_SECTIONS, GRAPH_MAGIC, type LandmarkTable, type LandmarkTableEntry, READABLE_GRAPH_FORMAT_VERSIONS, ROUTING_INPUT_SECTIONS, type RoadGraph,
  RoadGraphError, type RoutingInputs, type SectionChunk, type SectionDirectory, asRoadGraphError, decodeGraphCore, decodeLandmarkTable,
  type SectionFile, decodeRoutingInputs, graphLandmarkTables, graphNodeCount, readSectionDirectory, sectionByteRanges, sectionDirectoryBytes,
  sectionFileOfChunks,
} from '../graph';
import type { RouteProfile } from '../routing/router';
import {
  REGION_PACK_EXTRA_SECTIONS, REGION_PACK_META_SECTIONS, type RegionPackExtras, type RegionPackMeta,
  decodeRegionPackExtras, decodeRegionPackMeta,
} from './region-pack';

/** Bytes `[start, end)` of the pack file. */
export type ReadPackBytes = (start: number, end: number) => Promise<ArrayBuffer>;

/** Directory reads ask for this much first: enough for ~2,700 sections, one read in practice. */
const HEAD_BYTES = 65536;
const WHAT = 'region pack';

export interface RegionPackCore {
  readonly meta: RegionPackMeta;
  /** The road graph with no landmark tables yet (`landmarks: []`). */
  readonly graph: RoadGraph;
  /** Profiles that have a landmark table in the pack, in file order. */
  readonly tableProfiles: readonly RouteProfile[];
}

export class RegionPackReader {
  private readonly chunks: SectionChunk[] = [];
  private core: RegionPackCore | null = null;
  private bytesReadSoFar = 0;

  private constructor(
    private readonly directory: SectionDirectory,
    private readonly read: ReadPackBytes | null,
    initial: SectionChunk[],
    headBytes: number,
  ) {
    this.chunks.push(...initial);
    this.bytesReadSoFar = headBytes;
  }

  /** Bytes this reader has read from the file so far (0 for one made `fromBuffer`); hand-overs it received do not count. */
  get bytesRead(): number {
    return this.bytesReadSoFar;
  }

  /** Reads the header and directory of a pack file of `fileBytes`. Throws `RoadGraphError` on a file that is not a pack. */
  static async open(read: ReadPackBytes, fileBytes: number): Promise<RegionPackReader> {
    const head = await read(0, Math.min(fileBytes, HEAD_BYTES));
    const needed = sectionDirectoryBytes(head);
    const whole = needed <= head.byteLength ? head : await read(0, Math.min(fileBytes, needed));
    const directory = asRoadGraphError(() => readSectionDirectory(whole, fileBytes, GRAPH_MAGIC, READABLE_GRAPH_FORMAT_VERSIONS, WHAT));
    return new RegionPackReader(directory, read, [], head.byteLength + (whole === head ? 0 : whole.byteLength));
  }

  /** A reader over a pack already in memory: every stage is a view on `buffer`, nothing is copied. */
  static fromBuffer(buffer: ArrayBuffer): RegionPackReader {
    const directory = asRoadGraphError(() => readSectionDirectory(buffer, buffer.byteLength, GRAPH_MAGIC, READABLE_GRAPH_FORMAT_VERSIONS, WHAT));
    return new RegionPackReader(directory, null, [{ at: 0, buffer }], 0);
  }

  /** Size of the pack file. */
  get fileBytes(): number {
    return this.directory.fileBytes;
  }

  /**
   * The metadata and the road graph without landmark tables; read once. `checked`: the caller
   * has run `checkRoutingInputs`, `checkGraphRest` and `checkReverseGraphAndGrid` on these bytes (workers
   * sharing them); `restrictions`: derived already (`decodeTurnRestrictions`).
   */
  async readRouterCore(options: DecodeGraphOptions = {}): Promise<RegionPackCore> {
    if (this.core !== null) return this.core;
    await this.fetch([...GRAPH_CORE_SECTIONS, ...REGION_PACK_META_SECTIONS]);
    const file = this.file();
    const meta = decodeRegionPackMeta(file);
    const graph = decodeGraphCore(file, options);
    const tableProfiles = graphLandmarkTables(file).map((entry) => entry.profile);
    this.core = { meta, graph, tableProfiles };
    return this.core;
  }

  /** What edge costs and their reverse-CSR order are derived from, checked for size only (`decodeRoutingInputs`). */
  async readRoutingInputs(): Promise<RoutingInputs> {
    await this.fetch(ROUTING_INPUT_SECTIONS);
    return decodeRoutingInputs(this.file());
  }

  /**
   * The landmark table of `profile`, or null when the pack has none for it. `alsoRead`: sections
   * fetched with the table's (one read when they lie next to it, as the reverse CSR lies next to the first table).
   */
  async readLandmarkTable(profile: RouteProfile, alsoRead: readonly string[] = []): Promise<LandmarkTable | null> {
    await this.fetch(['META', 'LMMT']);
    const entry: LandmarkTableEntry | undefined = graphLandmarkTables(this.file()).find((t) => t.profile === profile);
    await this.fetch([...alsoRead, ...(entry?.sections ?? [])]);
    if (entry === undefined) return null;
    return decodeLandmarkTable(this.file(), entry, graphNodeCount(this.file()));
  }

  /** Profiles that have a landmark table in the pack, in file order (reads the small table list only). */
  async landmarkTableProfiles(): Promise<RouteProfile[]> {
    await this.fetch(['META', 'LMMT']);
    return graphLandmarkTables(this.file()).map((entry) => entry.profile);
  }

  /** Reads the listed sections now (those not held yet), for a caller that checks or decodes them itself. */
  async readSections(tags: Iterable<string>): Promise<SectionFile> {
    await this.fetch(tags);
    return this.file();
  }

  /** Takes bytes another reader of the same file has read (transferred from another worker). */
  addChunks(chunks: readonly SectionChunk[]): void {
    for (const chunk of chunks) {
      if (!(chunk.buffer instanceof ArrayBuffer) || chunk.at % 8 !== 0 || chunk.at + chunk.buffer.byteLength > this.directory.fileBytes) {
        throw new RoadGraphError('Internal error: a chunk of another region pack was handed over.');
      }
      this.chunks.push(chunk);
    }
  }

  /** Hands over every chunk read so far (to transfer them to another worker); this reader forgets them. */
  takeChunks(): SectionChunk[] {
    this.core = null;
    return this.chunks.splice(0);
  }

  /** OSM ids, scenic features and parking. Needs `readRouterCore` first. */
  async readExtras(): Promise<RegionPackExtras> {
    const { graph } = this.requireCore();
    await this.fetch(REGION_PACK_EXTRA_SECTIONS);
    return decodeRegionPackExtras(this.file(), graph);
  }

  private requireCore(): RegionPackCore {
    if (this.core === null) throw new RoadGraphError('Internal error: read the region pack\'s router core before its other parts.');
    return this.core;
  }

  private file() {
    return sectionFileOfChunks(this.directory, this.chunks, WHAT);
  }

  /** Reads the byte ranges of the sections not already held, one read per run of adjacent sections. */
  private async fetch(tags: Iterable<string>): Promise<void> {
    if (this.read === null) return;
    const read = this.read;
    const held = (start: number, end: number) => this.chunks.some((c) => c.at <= start && end <= c.at + c.buffer.byteLength);
    const needed = [...tags].filter((tag) => {
      const entry = this.directory.entries.get(tag);
      return entry !== undefined && !held(entry.at, entry.at + entry.byteLength);
    });
    const missing = sectionByteRanges(this.directory, needed);
    const buffers = await Promise.all(missing.map(async ([start, end]) => {
      const buffer = await read(start, end);
      if (buffer.byteLength !== end - start) {
        throw new RoadGraphError(`The region pack could not be read: asked for ${end - start} bytes at ${start}, got ${buffer.byteLength}. Open it again; if it keeps failing, build it again.`);
      }
      return { at: start, buffer };
    }));
    for (const chunk of buffers) this.bytesReadSoFar += chunk.buffer.byteLength;
    this.chunks.push(...buffers);
  }
}
