/**
 * Drive → GPX 1.1 for navigation devices, following the rules in
 * ../shared/research/gpx-export-import.md §0:
 * - `<?xml …?>` at byte 0 (no BOM), `version="1.1"`, `creator="Switchback"`, the exact
 *   `http://www.topografix.com/GPX/1/1` namespace, and every prefix used (gpxx, trp) declared on `<gpx>`;
 * - elements in XSD order (metadata, wpt*, rte, trk; name before extensions before points);
 * - one `<rte>` whose `rtept`s are the drive's waypoints: first, last and via points are
 *   `trp:ViaPoint`, the others `trp:ShapingPoint`; each carries `gpxx:RoutePointExtension` with the
 *   "empty" Subclass and (option `includeRouteShape`) the dense routed shape of its segment as
 *   `gpxx:rpt`, which Garmin devices follow until they recalculate;
 * - one `<trk>` with the routed geometry, one `trkseg` per run of segments between pen-up gaps;
 * - coordinates with exactly 6 decimals, longitudes in [-180, 180); text escaped and stripped of
 *   characters XML cannot carry.
 *
 * The output validates against gpx.xsd and the Garmin extension schemas (tests run xmllint).
 * It is written as UTF-8 bytes with integer arithmetic (see byte-writer.ts): a 100k-point leg has
 * 200k points to print (route shape + track), and per-point strings were most of the cost.
 */
import { segmentKey, type Drive } from '../drive/drive';
import type { SegmentRoute } from '../drive/segment-route';
import { asciiBytes, ByteWriter } from './byte-writer';
import { longitudeMicroDegrees, microDegrees } from './fixed-decimal';
import { GARMIN_GPXX, GARMIN_TRP, GPX_1_1, XSI } from './gpx-namespaces';
import { escapeXml } from './xml-escape';

/** Garmin's fixed colour list (GpxExtensionsv3.xsd DisplayColor_t). */
export type GarminDisplayColor =
  | 'Black' | 'DarkRed' | 'DarkGreen' | 'DarkYellow' | 'DarkBlue' | 'DarkMagenta' | 'DarkCyan' | 'LightGray'
  | 'DarkGray' | 'Red' | 'Green' | 'Yellow' | 'Blue' | 'Magenta' | 'Cyan' | 'White' | 'Transparent';

export interface GpxWriteOptions {
  /** Write the `<rte>` (Garmin trip). Default true. */
  includeRoute?: boolean;
  /** Write the `<trk>` with the routed line. Default true. */
  includeTrack?: boolean;
  /** Write each segment's routed shape as `gpxx:rpt` under its route point. Default true. */
  includeRouteShape?: boolean;
  /** Write the drive's POIs as `<wpt>`. Default true. */
  includePois?: boolean;
  /** `<metadata><time>` in epoch ms. Default: now. */
  timeMs?: number;
  /** Route and track colour on Garmin devices. Default 'Magenta' (BaseCamp's default). */
  displayColor?: GarminDisplayColor;
  /** `trp:TransportationMode` (Automotive, Motorcycling, …). Default 'Automotive'. */
  transportationMode?: string;
}

/** Finds the cached geometry of a segment by its `segmentKey`. */
export type SegmentRouteLookup = (key: string) => SegmentRoute | undefined;

/** Garmin's "empty/direct" Subclass: no map-specific road data, valid for any map version. */
const EMPTY_SUBCLASS = '000000000000FFFFFFFFFFFFFFFFFFFFFFFF';

const HEADER =
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  `<gpx version="1.1" creator="Switchback" xmlns="${GPX_1_1}" xmlns:gpxx="${GARMIN_GPXX}" xmlns:trp="${GARMIN_TRP}" xmlns:xsi="${XSI}"` +
  ` xsi:schemaLocation="${GPX_1_1} http://www.topografix.com/GPX/1/1/gpx.xsd` +
  ` ${GARMIN_GPXX} http://www8.garmin.com/xmlschemas/GpxExtensionsv3.xsd` +
  ` ${GARMIN_TRP} http://www8.garmin.com/xmlschemas/TripExtensionsv1.xsd">\n`;

// Pre-encoded markup of the per-point hot paths.
const LAT = asciiBytes(' lat="');
const LON = asciiBytes('" lon="');
const TRKPT_LAT = asciiBytes('      <trkpt lat="');
const RPT_LAT = asciiBytes('          <gpxx:rpt lat="');
const ELE_OPEN = asciiBytes('"><ele>');
const TRKPT_ELE_CLOSE = asciiBytes('</ele></trkpt>\n');
const SELF_CLOSE = asciiBytes('"/>\n');
/** Upper bound of one point line's bytes (markup + two coordinates + elevation). */
const POINT_BYTES = 128;

/** Geometry of one segment as written: the cached route, or a straight line between its waypoints. */
interface SegmentGeometry {
  readonly coords: Float64Array;
  readonly elevationsMeters?: Float32Array;
}

/**
 * Writes a drive as a GPX 1.1 document (UTF-8 bytes, no BOM), ready for a Blob or a file.
 * `getRoute` supplies each segment's geometry from the route cache; a segment without one is
 * written as a straight line between its waypoints. Throws an Error naming the waypoint when a
 * waypoint or POI has no valid position.
 */
export function driveToGpxBytes(drive: Drive, getRoute: SegmentRouteLookup, options: GpxWriteOptions = {}): Uint8Array {
  return writeGpx(drive, getRoute, options).toBytes();
}

/** `driveToGpxBytes` as a string. */
export function driveToGpx(drive: Drive, getRoute: SegmentRouteLookup, options: GpxWriteOptions = {}): string {
  return writeGpx(drive, getRoute, options).toString();
}

function writeGpx(drive: Drive, getRoute: SegmentRouteLookup, options: GpxWriteOptions): ByteWriter {
  const {
    includeRoute = true, includeTrack = true, includeRouteShape = true, includePois = true,
    timeMs = Date.now(), displayColor = 'Magenta', transportationMode = 'Automotive',
  } = options;
  const segments = segmentGeometries(drive, getRoute, (includeRoute && includeRouteShape) || includeTrack);
  // About 100 bytes per written point: size the buffer once instead of growing it ~8 times.
  const vertices = segments.reduce((n, s) => n + (s ? s.coords.length >> 1 : 0), 0);
  const out = new ByteWriter(8192 + vertices * ((includeRoute && includeRouteShape ? 45 : 0) + (includeTrack ? 60 : 0)));
  const name = escapeXml(drive.name);
  out.ascii(HEADER);

  out.ascii('  <metadata>\n');
  if (name) out.text(`    <name>${name}</name>\n`);
  out.ascii(`    <time>${isoTime(timeMs)}</time>\n  </metadata>\n`);

  if (includePois) {
    for (const poi of drive.pois) {
      checkPosition(poi.position[0], poi.position[1], `POI "${poi.name}"`);
      const children = (poi.name ? `    <name>${escapeXml(poi.name)}</name>\n` : '') +
        (poi.description ? `    <desc>${escapeXml(poi.description)}</desc>\n` : '') +
        (poi.symbol ? `    <sym>${escapeXml(poi.symbol)}</sym>\n` : '');
      writePointStart(out, '  <wpt', poi.position[0], poi.position[1]);
      if (children) {
        out.ascii('>\n');
        out.text(children);
        out.ascii('  </wpt>\n');
      } else {
        out.ascii('/>\n');
      }
    }
  }

  if (includeRoute && drive.waypoints.length > 0) writeRoute(out, drive, segments, name, includeRouteShape, displayColor, transportationMode);
  if (includeTrack) writeTrack(out, segments, name, displayColor);
  out.ascii('</gpx>\n');
  return out;
}

function writeRoute(out: ByteWriter, drive: Drive, segments: (SegmentGeometry | undefined)[], name: string,
  includeShape: boolean, displayColor: GarminDisplayColor, transportationMode: string): void {
  out.ascii('  <rte>\n');
  if (name) out.text(`    <name>${name}</name>\n`);
  out.ascii('    <extensions>\n');
  out.ascii(`      <gpxx:RouteExtension>\n        <gpxx:IsAutoNamed>false</gpxx:IsAutoNamed>\n        <gpxx:DisplayColor>${displayColor}</gpxx:DisplayColor>\n      </gpxx:RouteExtension>\n`);
  out.text(`      <trp:Trip>\n        <trp:TransportationMode>${escapeXml(transportationMode)}</trp:TransportationMode>\n      </trp:Trip>\n`);
  out.ascii('    </extensions>\n');
  const last = drive.waypoints.length - 1;
  drive.waypoints.forEach((waypoint, i) => {
    const [lon, lat] = waypoint.position;
    checkPosition(lon, lat, `Waypoint ${i + 1}${waypoint.name ? ` ("${waypoint.name}")` : ''}`);
    writePointStart(out, '    <rtept', lon, lat);
    out.ascii('>\n');
    if (waypoint.name) out.text(`      <name>${escapeXml(waypoint.name)}</name>\n`);
    out.ascii('      <extensions>\n');
    // Devices announce vias and may skip shaping points; a trip must start and end at a via.
    if (waypoint.kind === 'via' || i === 0 || i === last) {
      out.ascii('        <trp:ViaPoint>\n          <trp:CalculationMode>FasterTime</trp:CalculationMode>\n          <trp:ElevationMode>Standard</trp:ElevationMode>\n        </trp:ViaPoint>\n');
    } else {
      out.ascii('        <trp:ShapingPoint/>\n');
    }
    out.ascii(`        <gpxx:RoutePointExtension>\n          <gpxx:Subclass>${EMPTY_SUBCLASS}</gpxx:Subclass>\n`);
    const shape = includeShape && i < last ? segments[i] : undefined;
    if (shape) {
      const c = shape.coords;
      for (let k = 0; k < c.length; k += 2) {
        if (!isValidPosition(c[k], c[k + 1])) continue;
        out.reserve(POINT_BYTES);
        out.putBytes(RPT_LAT);
        out.putFixed(microDegrees(c[k + 1]), 6);
        out.putBytes(LON);
        out.putFixed(longitudeMicroDegrees(c[k]), 6);
        out.putBytes(SELF_CLOSE);
      }
    }
    out.ascii('        </gpxx:RoutePointExtension>\n      </extensions>\n    </rtept>\n');
  });
  out.ascii('  </rte>\n');
}

function writeTrack(out: ByteWriter, segments: (SegmentGeometry | undefined)[], name: string, displayColor: GarminDisplayColor): void {
  if (!segments.some((s) => s !== undefined)) return;
  out.ascii('  <trk>\n');
  if (name) out.text(`    <name>${name}</name>\n`);
  out.ascii(`    <extensions>\n      <gpxx:TrackExtension>\n        <gpxx:DisplayColor>${displayColor}</gpxx:DisplayColor>\n      </gpxx:TrackExtension>\n    </extensions>\n`);

  // The last vertex of a segment is held back: the next segment usually starts with the same
  // vertex (compared at output precision), which is then written once, with an elevation if
  // either copy has one.
  let pending = false;
  let pendingLat = 0;
  let pendingLon = 0;
  let pendingEle = NaN;
  const flush = () => {
    if (!pending) return;
    writeTrackPoint(out, pendingLon, pendingLat, pendingEle);
    pending = false;
  };
  let inRun = false;
  for (const segment of segments) {
    if (!segment) {
      if (inRun) {
        flush();
        out.ascii('    </trkseg>\n');
      }
      inRun = false;
      continue;
    }
    if (!inRun) out.ascii('    <trkseg>\n');
    inRun = true;
    const { coords, elevationsMeters } = segment;
    for (let j = 0; j < coords.length >> 1; j++) {
      const lon = coords[2 * j];
      const lat = coords[2 * j + 1];
      if (!isValidPosition(lon, lat)) continue;
      const latMicro = microDegrees(lat);
      const lonMicro = longitudeMicroDegrees(lon);
      const e = elevationsMeters ? elevationsMeters[j] : NaN;
      // |e| < 1e6 m also rejects NaN and keeps garbage out of the fixed-point formatter.
      const eleDecimetres = Math.abs(e) < 1e6 ? Math.round(e * 10) : NaN;
      if (pending && latMicro === pendingLat && lonMicro === pendingLon) {
        if (pendingEle !== pendingEle) pendingEle = eleDecimetres;
        continue;
      }
      flush();
      pending = true;
      pendingLat = latMicro;
      pendingLon = lonMicro;
      pendingEle = eleDecimetres;
    }
  }
  if (inRun) {
    flush();
    out.ascii('    </trkseg>\n');
  }
  out.ascii('  </trk>\n');
}

/** `      <trkpt lat="…" lon="…"><ele>…</ele></trkpt>` from micro-degrees and decimetres (NaN: no ele). */
function writeTrackPoint(out: ByteWriter, lonMicro: number, latMicro: number, eleDecimetres: number): void {
  out.reserve(POINT_BYTES);
  out.putBytes(TRKPT_LAT);
  out.putFixed(latMicro, 6);
  out.putBytes(LON);
  out.putFixed(lonMicro, 6);
  if (eleDecimetres === eleDecimetres) {
    out.putBytes(ELE_OPEN);
    out.putFixed(eleDecimetres, 1);
    out.putBytes(TRKPT_ELE_CLOSE);
  } else {
    out.putBytes(SELF_CLOSE);
  }
}

/** `<tag lat="…" lon="…"` (the caller closes the tag). */
function writePointStart(out: ByteWriter, tag: string, lon: number, lat: number): void {
  out.ascii(tag);
  out.reserve(POINT_BYTES);
  out.putBytes(LAT);
  out.putFixed(microDegrees(lat), 6);
  out.putBytes(LON);
  out.putFixed(longitudeMicroDegrees(lon), 6);
  out.ascii('"');
}

/** Each non-gap segment's geometry; gap segments (pen-up) are undefined. */
function segmentGeometries(drive: Drive, getRoute: SegmentRouteLookup, needed: boolean): (SegmentGeometry | undefined)[] {
  const result: (SegmentGeometry | undefined)[] = new Array(drive.segments.length).fill(undefined);
  if (!needed) return result;
  for (let i = 0; i < drive.segments.length; i++) {
    if (drive.segments[i].gap) continue;
    const route = getRoute(segmentKey(drive, i));
    if (route && route.coords.length >= 4) {
      const n = route.coords.length >> 1;
      result[i] = { coords: route.coords, elevationsMeters: route.elevationsMeters?.length === n ? route.elevationsMeters : undefined };
    } else {
      const a = drive.waypoints[i].position;
      const b = drive.waypoints[i + 1].position;
      result[i] = { coords: new Float64Array([a[0], a[1], b[0], b[1]]) };
    }
  }
  return result;
}

/** A named point with a bad position is a bug upstream, so it throws with a message naming it. */
function checkPosition(lon: number, lat: number, label: string): void {
  if (!isValidPosition(lon, lat)) {
    throw new Error(`${label} has no valid position (lon ${lon}, lat ${lat}); move or delete it before exporting.`);
  }
}

function isValidPosition(lon: number, lat: number): boolean {
  return Number.isFinite(lon) && lat >= -90 && lat <= 90;
}

/** UTC ISO-8601 ending in Z, without milliseconds when they are zero. */
function isoTime(ms: number): string {
  const iso = new Date(Number.isFinite(ms) ? ms : Date.now()).toISOString();
  return iso.endsWith('.000Z') ? iso.slice(0, -5) + 'Z' : iso;
}
