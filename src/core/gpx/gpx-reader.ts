/**
 * GPX 1.0 / 1.1 reader: text in, `GpxDocument` out, built on the pull scanner in xml-scanner.ts.
 *
 * Rules (each one a bug seen in other readers, see ../shared/research/gpx-export-import.md §2):
 * - elements are matched on namespace URI + local name, never on prefix (MapSource declares
 *   `gpxx` inline on every extension element; BaseCamp binds two prefixes to one URI);
 * - `name`, `desc`, `time`, `ele` are read from direct children only, so a `<time>` inside
 *   `<extensions>` (BRouter, OsmAnd) is never taken as the point time;
 * - track segments stay separate; Garmin `gpxx:rpt` shape points are kept per route point;
 * - a leading BOM, whitespace, comments or a newline before `<?xml` are accepted;
 * - malformed XML, non-XML input (e.g. a TomTom ITN file) and non-GPX XML are errors whose
 *   message says what is wrong, with a line number when there is one.
 *
 * Progress and cancellation: every `checkInterval` elements the reader checks `signal.aborted`
 * (throwing a GpxReadError of kind `aborted`) and reports `onProgress(processedChars, totalChars)`.
 */
import type { GpxDocument, GpxMetadata, GpxRoute, GpxRoutePoint, GpxRoutePointKind, GpxTrack, GpxTrackSegment, GpxWaypoint } from './gpx-model';
import { GARMIN_GPXX, GARMIN_TRP, GPX_1_0, GPX_READ_NAMESPACES } from './gpx-namespaces';
import { NumberColumn } from './number-column';
import { parseIsoTimeMs } from './parse-iso-time';
import { XML_EOF, XmlScanner, XmlSyntaxError } from './xml-scanner';

/** The part of `AbortSignal` the reader needs (core code cannot name DOM types). */
export interface AbortFlag {
  readonly aborted: boolean;
}

export interface GpxReadOptions {
  /** Called every `checkInterval` elements and once at the end; counts UTF-16 code units of the input. */
  onProgress?: (processedChars: number, totalChars: number) => void;
  /** Checked every `checkInterval` elements; when set the read stops with a GpxReadError of kind `aborted`. */
  signal?: AbortFlag;
  /** Elements between progress reports and abort checks (default 1024, rounded up to a power of two). */
  checkInterval?: number;
}

/**
 * Why a file could not be read. `not-xml`: not an XML document at all (empty, ITN, binary);
 * `malformed`: broken XML; `not-gpx`: XML of another kind; `invalid`: GPX with unusable values;
 * `aborted`: cancelled through `signal`.
 */
export type GpxReadErrorKind = 'not-xml' | 'malformed' | 'not-gpx' | 'invalid' | 'aborted';

export class GpxReadError extends Error {
  readonly kind: GpxReadErrorKind;
  /** 1-based line of the problem, when it has one. */
  readonly line?: number;
  constructor(kind: GpxReadErrorKind, message: string, line?: number) {
    super(message);
    this.name = kind === 'aborted' ? 'AbortError' : 'GpxReadError';
    this.kind = kind;
    this.line = line;
  }
}

/** Reads a GPX file's text (as decoded from UTF-8; a leading BOM is skipped). Throws GpxReadError. */
export function readGpx(text: string, options: GpxReadOptions = {}): GpxDocument {
  const { onProgress, signal } = options;
  if (signal?.aborted) throw abortedError();
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  checkLooksLikeXml(text, start);

  const total = text.length;
  const scanner = new XmlScanner(text, {
    start,
    checkpointInterval: options.checkInterval,
    checkpoint: onProgress === undefined && signal === undefined ? undefined : (offset) => {
      if (signal?.aborted) throw abortedError();
      onProgress?.(offset, total);
    },
  });
  try {
    scanner.next();
    const document = new GpxBuilder(scanner).readRoot();
    while (scanner.next() !== XML_EOF) { /* only comments and whitespace may follow the root */ }
    onProgress?.(total, total);
    return document;
  } catch (error) {
    if (error instanceof XmlSyntaxError) {
      throw new GpxReadError('malformed', `${error.message}. The file is damaged (not well-formed XML); export it again from the app that made it.`, error.line);
    }
    throw error;
  }
}

function abortedError(): GpxReadError {
  return new GpxReadError('aborted', 'GPX import was cancelled.');
}

/** Rejects input that is not XML before scanning, with a message that names what it is instead. */
function checkLooksLikeXml(text: string, start: number): void {
  let i = start;
  while (i < text.length && text.charCodeAt(i) <= 32) i++;
  if (i === text.length) throw new GpxReadError('not-xml', 'The file is empty: there is nothing to import. Choose a .gpx file that contains a drive, a route or a track.');
  if (text.charCodeAt(i) === 60 /* < */) return;
  const firstLine = text.slice(i, i + 200).split('\n')[0];
  if (/^[+-]?\d+\|[+-]?\d+\|[^|]*\|\d+\|/.test(firstLine)) {
    throw new GpxReadError('not-xml', 'This is a TomTom ITN itinerary, not a GPX file. Convert it to GPX (for example with GPSBabel or RouteConverter) and import the .gpx file.', 1);
  }
  const line = text.slice(0, i).split('\n').length;
  const shown = firstLine.length > 30 ? firstLine.slice(0, 30) + '…' : firstLine;
  throw new GpxReadError('not-xml', `Line ${line}: this is not an XML file (it starts with "${shown.replace(/[^\x20-\x7e]/g, '?')}"), so it cannot be GPX. Choose a .gpx file.`, line);
}

/** Reads one document; scratch columns are reused across track segments and route points. */
class GpxBuilder {
  private readonly s: XmlScanner;
  /** The namespace of `<gpx>`; GPX elements are those in this namespace. */
  private ns = '';
  private readonly lonLat = new NumberColumn(8192);
  private readonly elevations = new NumberColumn(4096);
  private readonly times = new NumberColumn(4096);

  constructor(scanner: XmlScanner) {
    this.s = scanner;
  }

  readRoot(): GpxDocument {
    const s = this.s;
    if (!isElement(s, s.namespaceUri, 'gpx') || !GPX_READ_NAMESPACES.has(s.namespaceUri)) {
      const where = s.namespaceUri ? ` in namespace ${s.namespaceUri}` : '';
      const what = s.localName === 'gpx' ? `its <gpx> element is${where}, which is neither GPX 1.0 nor GPX 1.1` : `its root element is <${s.name}>${where}`;
      throw new GpxReadError('not-gpx', `This is an XML file but not GPX: ${what}. Switchback imports GPX 1.0 and 1.1; export the drive as GPX from the app that made it.`, s.lineAt());
    }
    this.ns = s.namespaceUri;
    const version = s.attr('version') ?? (this.ns === GPX_1_0 ? '1.0' : '1.1');
    const creator = s.attr('creator') ?? '';
    let metadata: GpxMetadata = {};
    const waypoints: GpxWaypoint[] = [];
    const routes: GpxRoute[] = [];
    const tracks: GpxTrack[] = [];
    const top: { name?: string; desc?: string; timeMs?: number } = {};

    const depth = s.depth;
    while (s.nextChild(depth)) {
      if (s.namespaceUri !== this.ns) { s.skipElement(); continue; }
      switch (s.localName) {
        case 'metadata': metadata = this.readMetadata(); break;
        case 'wpt': waypoints.push(this.readWaypoint()); break;
        case 'rte': routes.push(this.readRoute()); break;
        case 'trk': tracks.push(this.readTrack()); break;
        // GPX 1.0 keeps the metadata fields directly under <gpx>.
        case 'name': top.name = s.readText(); break;
        case 'desc': top.desc = s.readText(); break;
        case 'time': top.timeMs = this.readTime(); break;
        default: s.skipElement();
      }
    }
    return { version, creator, metadata: { ...compact(top), ...metadata }, waypoints, routes, tracks };
  }

  private readMetadata(): GpxMetadata {
    const s = this.s;
    const out: { name?: string; desc?: string; timeMs?: number } = {};
    const depth = s.depth;
    while (s.nextChild(depth)) {
      if (s.namespaceUri !== this.ns) { s.skipElement(); continue; }
      switch (s.localName) {
        case 'name': out.name = s.readText(); break;
        case 'desc': out.desc = s.readText(); break;
        case 'time': out.timeMs = this.readTime(); break;
        default: s.skipElement();
      }
    }
    return compact(out);
  }

  private readWaypoint(): GpxWaypoint {
    const s = this.s;
    const out: { lon: number; lat: number; eleMeters?: number; timeMs?: number; name?: string; cmt?: string; desc?: string; sym?: string } = { lon: this.readLon(), lat: this.readLat() };
    const depth = s.depth;
    while (s.nextChild(depth)) {
      if (s.namespaceUri !== this.ns) { s.skipElement(); continue; }
      switch (s.localName) {
        case 'ele': out.eleMeters = s.readNumber(); break;
        case 'time': out.timeMs = this.readTime(); break;
        case 'name': out.name = s.readText(); break;
        case 'cmt': out.cmt = s.readText(); break;
        case 'desc': out.desc = s.readText(); break;
        case 'sym': out.sym = s.readText(); break;
        default: s.skipElement();
      }
    }
    return compact(out);
  }

  private readRoute(): GpxRoute {
    const s = this.s;
    const out: { name?: string; desc?: string; points: GpxRoutePoint[] } = { points: [] };
    const depth = s.depth;
    while (s.nextChild(depth)) {
      if (s.namespaceUri !== this.ns) { s.skipElement(); continue; }
      switch (s.localName) {
        case 'rtept': out.points.push(this.readRoutePoint()); break;
        case 'name': out.name = s.readText(); break;
        case 'desc': out.desc = s.readText(); break;
        default: s.skipElement();
      }
    }
    return compact(out);
  }

  private readRoutePoint(): GpxRoutePoint {
    const s = this.s;
    const out: { lon: number; lat: number; eleMeters?: number; name?: string; kind?: GpxRoutePointKind; shape?: Float64Array } = { lon: this.readLon(), lat: this.readLat() };
    const shape = this.lonLat;
    shape.clear();
    const depth = s.depth;
    while (s.nextChild(depth)) {
      if (s.namespaceUri !== this.ns) {
        // GPX 1.0 has no <extensions> wrapper: foreign elements sit directly in the point.
        out.kind = this.readRoutePointExtension(out.kind);
        continue;
      }
      switch (s.localName) {
        case 'ele': out.eleMeters = s.readNumber(); break;
        case 'name': out.name = s.readText(); break;
        case 'extensions': {
          const extensionsDepth = s.depth;
          while (s.nextChild(extensionsDepth)) out.kind = this.readRoutePointExtension(out.kind);
          break;
        }
        default: s.skipElement();
      }
    }
    if (shape.length > 0) out.shape = shape.toFloat64Array();
    return compact(out);
  }

  /** Reads one extension element of a route point; Garmin rpt shape points go to `this.lonLat`. */
  private readRoutePointExtension(kind: GpxRoutePointKind | undefined): GpxRoutePointKind | undefined {
    const s = this.s;
    if (s.namespaceUri === GARMIN_TRP && (s.localName === 'ViaPoint' || s.localName === 'ShapingPoint')) {
      const found = s.localName === 'ViaPoint' ? 'via' : 'shaping';
      s.skipElement();
      return found;
    }
    if (isElement(s, GARMIN_GPXX, 'RoutePointExtension')) {
      const depth = s.depth;
      while (s.nextChild(depth)) {
        if (isElement(s, GARMIN_GPXX, 'rpt')) {
          this.lonLat.push(this.readLon());
          this.lonLat.push(this.readLat());
        }
        s.skipElement();
      }
      return kind;
    }
    s.skipElement();
    return kind;
  }

  private readTrack(): GpxTrack {
    const s = this.s;
    const out: { name?: string; desc?: string; segments: GpxTrackSegment[] } = { segments: [] };
    const depth = s.depth;
    while (s.nextChild(depth)) {
      if (s.namespaceUri !== this.ns) { s.skipElement(); continue; }
      switch (s.localName) {
        case 'trkseg': out.segments.push(this.readTrackSegment()); break;
        case 'name': out.name = s.readText(); break;
        case 'desc': out.desc = s.readText(); break;
        default: s.skipElement();
      }
    }
    return compact(out);
  }

  /** The hot loop of a big import: one pass, numbers parsed in place, no per-point objects. */
  private readTrackSegment(): GpxTrackSegment {
    const s = this.s;
    const ns = this.ns;
    const coords = this.lonLat;
    const elevations = this.elevations;
    const times = this.times;
    coords.clear();
    elevations.clear();
    times.clear();
    let hasElevation = false;
    let hasTime = false;
    const depth = s.depth;
    while (s.nextChild(depth)) {
      if (!isElement(s, ns, 'trkpt')) { s.skipElement(); continue; }
      coords.push(this.readLon());
      coords.push(this.readLat());
      let ele = NaN;
      let time = NaN;
      const pointDepth = s.depth;
      while (s.nextChild(pointDepth)) {
        if (s.namespaceUri === ns) {
          if (s.localName === 'ele') { ele = s.readNumber(); continue; }
          if (s.localName === 'time') { time = this.readTime(); continue; }
        }
        s.skipElement();
      }
      elevations.push(ele);
      times.push(time);
      if (ele === ele) hasElevation = true;
      if (time === time) hasTime = true;
    }
    const segment: { coords: Float64Array; elevationsMeters?: Float32Array; timesMs?: Float64Array } = { coords: coords.toFloat64Array() };
    if (hasElevation) segment.elevationsMeters = elevations.toFloat32Array();
    if (hasTime) segment.timesMs = times.toFloat64Array();
    return segment;
  }

  /** The `lon` attribute of the current point element, validated. */
  private readLon(): number {
    const lon = this.s.attrNumber('lon');
    if (!(lon >= -180 && lon <= 180)) this.invalidCoordinate('lon', 'a longitude between -180 and 180');
    return lon;
  }

  /** The `lat` attribute of the current point element, validated. */
  private readLat(): number {
    const lat = this.s.attrNumber('lat');
    if (!(lat >= -90 && lat <= 90)) this.invalidCoordinate('lat', 'a latitude between -90 and 90');
    return lat;
  }

  private invalidCoordinate(attribute: 'lat' | 'lon', expected: string): never {
    const s = this.s;
    const raw = s.attr(attribute);
    const found = raw === undefined ? `has no ${attribute} attribute` : `has ${attribute}="${raw}", which is not ${expected}`;
    const line = s.lineAt();
    throw new GpxReadError('invalid', `Line ${line}: <${s.name}> ${found}. Fix or delete that point in a text editor, then import again.`, line);
  }

  /** An xsd:dateTime as epoch ms; NaN when unreadable (a bad time is not worth rejecting a file for). */
  private readTime(): number {
    return this.s.readParsed(parseIsoTimeMs);
  }
}

/** Whether the scanner is on element `{namespaceUri}localName`. */
function isElement(s: XmlScanner, namespaceUri: string, localName: string): boolean {
  return s.localName === localName && s.namespaceUri === namespaceUri;
}

/** Drops undefined and NaN fields so documents carry only what the file said. */
function compact<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) {
    const v = value[key];
    if (v === undefined || (typeof v === 'number' && v !== v)) delete value[key];
  }
  return value;
}
