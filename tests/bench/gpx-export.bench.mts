/**
 * GPX export benchmark: a 100,000-point leg (21 waypoints, 20 routed segments with elevations)
 * written by our writer (bytes, and bytes decoded to a string) vs two baselines producing the same
 * points, in the same run on the same data:
 * - a string-chunk writer (template string per point, integer formatting, array join): the
 *   approach our writer replaced, kept here as the reason for the byte buffer;
 * - a naive DOM writer (@xmldom/xmldom DOMImplementation + XMLSerializer, `toFixed(6)`).
 * Prints median / p95 / min; asserts only that all outputs contain the same points.
 *
 *   node_modules/.bin/tsx tests/bench/gpx-export.bench.mts [runs=25]
 *
 * (A plain script rather than `vitest bench`, whose table shows p75/p99 but no median or p95.)
 */
import { DOMImplementation, XMLSerializer, type Document, type Element } from '@xmldom/xmldom';
import { segmentKey, type Drive } from '../../src/core/drive/drive';
import type { SegmentRoute } from '../../src/core/drive/segment-route';
import { driveToGpx, driveToGpxBytes, GARMIN_GPXX, GARMIN_TRP, GPX_1_1 } from '../../src/core/gpx';
import { mulberry32 } from './gpx-synthetic-track';

const POINTS = 100_000;
const SEGMENTS = 20;
const runs = Number(process.argv[2] ?? 25);

/** A deterministic drive near Andorra with `POINTS` routed vertices in total. */
function makeLeg(): { drive: Drive; routes: Map<string, SegmentRoute> } {
  const random = mulberry32(2024);
  const perSegment = POINTS / SEGMENTS;
  let lon = 1.5218;
  let lat = 42.5063;
  let ele = 1023;
  let heading = 0;
  const segments: { coords: Float64Array; ele: Float32Array }[] = [];
  for (let s = 0; s < SEGMENTS; s++) {
    const coords = new Float64Array(2 * perSegment);
    const elevations = new Float32Array(perSegment);
    for (let i = 0; i < perSegment; i++) {
      if (i > 0 || s === 0) {
        heading += (random() - 0.5) * 0.5;
        lon += Math.cos(heading) * 1e-4;
        lat += Math.sin(heading) * 7e-5;
        ele += (random() - 0.5) * 3;
      }
      coords[2 * i] = lon;
      coords[2 * i + 1] = lat;
      elevations[i] = ele;
    }
    segments.push({ coords, ele: elevations });
  }
  const waypoints = [segments[0].coords.slice(0, 2), ...segments.map((g) => g.coords.slice(-2))].map((p, i) => ({
    id: `w${i}`, position: [p[0], p[1]] as const, name: i % 4 === 0 ? `Via ${i}` : '', kind: i % 4 === 0 ? 'via' as const : 'shaping' as const,
  }));
  const drive: Drive = {
    id: 'bench', name: 'Benchmark leg', createdAt: 0, updatedAt: 0, defaultRouter: 'osrm', profile: 'fastest',
    waypoints, segments: segments.map(() => ({ router: 'osrm' as const })), pois: [],
  };
  const routes = new Map<string, SegmentRoute>();
  segments.forEach((g, i) => {
    const key = segmentKey(drive, i);
    routes.set(key, { key, madeBy: 'osrm', coords: g.coords, elevationsMeters: g.ele, distanceMeters: 0, durationSeconds: 0, steps: [] });
  });
  return { drive, routes };
}

/** The same document built the obvious way: a DOM tree, then serialised. */
function domWriter(drive: Drive, getRoute: (key: string) => SegmentRoute | undefined): string {
  const doc: Document = new DOMImplementation().createDocument(GPX_1_1, 'gpx', null);
  const gpx = doc.documentElement as Element;
  gpx.setAttribute('version', '1.1');
  gpx.setAttribute('creator', 'Switchback');
  gpx.setAttribute('xmlns:gpxx', GARMIN_GPXX);
  gpx.setAttribute('xmlns:trp', GARMIN_TRP);
  const el = (parent: Element, ns: string, name: string, text?: string): Element => {
    const e = doc.createElementNS(ns, name);
    if (text !== undefined) e.appendChild(doc.createTextNode(text));
    parent.appendChild(e);
    return e;
  };
  const at = (e: Element, lon: number, lat: number) => {
    e.setAttribute('lat', lat.toFixed(6));
    e.setAttribute('lon', lon.toFixed(6));
  };
  const metadata = el(gpx, GPX_1_1, 'metadata');
  el(metadata, GPX_1_1, 'name', drive.name);
  el(metadata, GPX_1_1, 'time', new Date(0).toISOString());
  const rte = el(gpx, GPX_1_1, 'rte');
  el(rte, GPX_1_1, 'name', drive.name);
  drive.waypoints.forEach((w, i) => {
    const rtept = el(rte, GPX_1_1, 'rtept');
    at(rtept, w.position[0], w.position[1]);
    if (w.name) el(rtept, GPX_1_1, 'name', w.name);
    const ext = el(rtept, GPX_1_1, 'extensions');
    el(ext, GARMIN_TRP, w.kind === 'via' ? 'trp:ViaPoint' : 'trp:ShapingPoint');
    const rpe = el(ext, GARMIN_GPXX, 'gpxx:RoutePointExtension');
    el(rpe, GARMIN_GPXX, 'gpxx:Subclass', '000000000000FFFFFFFFFFFFFFFFFFFFFFFF');
    const route = i < drive.segments.length ? getRoute(segmentKey(drive, i)) : undefined;
    if (route) for (let k = 0; k < route.coords.length; k += 2) at(el(rpe, GARMIN_GPXX, 'gpxx:rpt'), route.coords[k], route.coords[k + 1]);
  });
  const trkseg = el(el(gpx, GPX_1_1, 'trk'), GPX_1_1, 'trkseg');
  drive.segments.forEach((_, i) => {
    const route = getRoute(segmentKey(drive, i));
    if (!route) return;
    for (let k = i === 0 ? 0 : 1; k < route.coords.length / 2; k++) {
      const trkpt = el(trkseg, GPX_1_1, 'trkpt');
      at(trkpt, route.coords[2 * k], route.coords[2 * k + 1]);
      el(trkpt, GPX_1_1, 'ele', route.elevationsMeters ? route.elevationsMeters[k].toFixed(1) : '0');
    }
  });
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(doc);
}

/** Integer-formatted coordinate as a string: the pre-byte-buffer formatter. */
function fixed6(value: number): string {
  const units = Math.round(value * 1e6);
  const magnitude = Math.abs(units);
  const whole = Math.floor(magnitude / 1e6);
  return (units < 0 ? '-' : '') + whole + '.' + String(1e6 + magnitude - whole * 1e6).slice(1);
}

/** The same route shape and track as template strings per point, pushed to an array and joined. */
function stringChunkWriter(drive: Drive, getRoute: (key: string) => SegmentRoute | undefined): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n<gpx>\n  <rte>\n'];
  const formatted = drive.segments.map((_, i) => {
    const c = getRoute(segmentKey(drive, i))?.coords ?? new Float64Array(0);
    const points: string[] = new Array(c.length / 2);
    for (let k = 0; k < c.length / 2; k++) points[k] = `lat="${fixed6(c[2 * k + 1])}" lon="${fixed6(c[2 * k])}"`;
    return points;
  });
  drive.waypoints.forEach((w, i) => {
    out.push(`    <rtept lat="${fixed6(w.position[1])}" lon="${fixed6(w.position[0])}">\n      <extensions><gpxx:RoutePointExtension>\n`);
    for (const p of formatted[i] ?? []) out.push(`        <gpxx:rpt ${p}/>\n`);
    out.push('      </gpxx:RoutePointExtension></extensions>\n    </rtept>\n');
  });
  out.push('  </rte>\n  <trk>\n    <trkseg>\n');
  formatted.forEach((points, i) => {
    const ele = getRoute(segmentKey(drive, i))?.elevationsMeters;
    for (let k = i === 0 ? 0 : 1; k < points.length; k++) out.push(`      <trkpt ${points[k]}><ele>${ele ? (Math.round(ele[k] * 10) / 10).toString() : ''}</ele></trkpt>\n`);
  });
  out.push('    </trkseg>\n  </trk>\n</gpx>\n');
  return out.join('');
}

function measure(label: string, count: number, warmups: number, fn: () => string): { label: string; times: number[]; output: string } {
  let output = '';
  for (let i = 0; i < warmups; i++) output = fn();
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    output = fn();
    times.push(performance.now() - t0);
  }
  return { label, times, output };
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

const { drive, routes } = makeLeg();
const lookup = (key: string) => routes.get(key);
const decoder = new TextDecoder();
let bytesOut: Uint8Array = new Uint8Array(0);
const bytes = measure('driveToGpxBytes (byte buffer, integer digits)', runs, 3, () => {
  bytesOut = driveToGpxBytes(drive, lookup, { timeMs: 0, includePois: false });
  return '';
});
bytes.output = decoder.decode(bytesOut);
const ours = measure('driveToGpx (the same, decoded to a string)', runs, 3, () => driveToGpx(drive, lookup, { timeMs: 0, includePois: false }));
const chunks = measure('baseline: string chunks + integer formatting + join', runs, 3, () => stringChunkWriter(drive, lookup));
const dom = measure('baseline: naive DOM writer (xmldom + XMLSerializer, toFixed)', Math.max(3, Math.round(runs / 4)), 1, () => domWriter(drive, lookup));

const count = (s: string, tag: string) => s.split(tag).length - 1;
for (const tag of ['<trkpt ', '<gpxx:rpt ']) {
  for (const other of [bytes, chunks, dom]) {
    if (count(ours.output, tag) !== count(other.output, tag)) throw new Error(`${other.label} differs in ${tag}: ${count(other.output, tag)} vs ${count(ours.output, tag)}`);
  }
}
console.log(`GPX export of a ${POINTS.toLocaleString('en')}-point leg (${drive.waypoints.length} waypoints; rte with ${count(ours.output, '<gpxx:rpt ')} gpxx:rpt + trk with ${count(ours.output, '<trkpt ')} trkpt), Node ${process.version}`);
console.log('writer'.padEnd(62) + 'runs  median ms   p95 ms   min ms   output');
for (const r of [bytes, ours, chunks, dom]) {
  const sorted = [...r.times].sort((a, b) => a - b);
  console.log(`${r.label.padEnd(62)}${String(sorted.length).padStart(4)}${quantile(sorted, 0.5).toFixed(1).padStart(11)}${quantile(sorted, 0.95).toFixed(1).padStart(9)}${sorted[0].toFixed(1).padStart(9)}   ${(r.output.length / 1e6).toFixed(1)} MB`);
}
