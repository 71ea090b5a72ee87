/**
 * An independent reading of GPX files for tests: the same rules as the reader (namespace URI +
 * local name, direct children only, Garmin trp/gpxx extensions) implemented the slow, obvious way
 * on @xmldom/xmldom's DOM, with `parseFloat`/`Date.parse` for values. Tests compare our reader
 * and the CLI against it, so expected counts and coordinates are computed, not typed in.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DOMParser, onErrorStopParsing, type Element } from '@xmldom/xmldom';
import type { GpxDocument } from '../../../src/core/gpx';

export const SHARED_DIR = path.resolve(__dirname, '../../../../shared');
export const FIXTURE_DIR = path.join(SHARED_DIR, 'fixtures/gpx');
export const SCHEMA_DIR = path.join(SHARED_DIR, 'schemas');

const GPX_NAMESPACES = ['http://www.topografix.com/GPX/1/1', 'http://www.topografix.com/GPX/1/0'];
const GPXX = 'http://www.garmin.com/xmlschemas/GpxExtensions/v3';
const TRP = 'http://www.garmin.com/xmlschemas/TripExtensions/v1';

/** Reads a shared fixture; a missing file fails the test with a message that says where to look. */
export function readShared(relativePath: string): Buffer {
  const file = path.join(SHARED_DIR, relativePath);
  try {
    return readFileSync(file);
  } catch (error) {
    throw new Error(`Shared test data ${file} is missing (${(error as Error).message}). The tests need the ../shared folder beside the repository.`);
  }
}

/** Plain-array form of a GpxDocument, for deep equality against the oracle. */
export interface PlainDocument {
  version: string;
  creator: string;
  metadata: { name?: string; desc?: string; timeMs?: number };
  waypoints: { lon: number; lat: number; eleMeters?: number; timeMs?: number; name?: string; cmt?: string; desc?: string; sym?: string }[];
  routes: { name?: string; desc?: string; points: { lon: number; lat: number; eleMeters?: number; name?: string; kind?: string; shape?: number[] }[] }[];
  tracks: { name?: string; desc?: string; segments: { coords: number[]; elevationsMeters?: number[]; timesMs?: number[] }[] }[];
}

export function toPlain(doc: GpxDocument): PlainDocument {
  return {
    version: doc.version,
    creator: doc.creator,
    metadata: { ...doc.metadata },
    waypoints: doc.waypoints.map((w) => ({ ...w })),
    routes: doc.routes.map((r) => ({
      ...r,
      points: r.points.map(({ shape, ...rest }) => (shape ? { ...rest, shape: Array.from(shape) } : rest)),
    })),
    tracks: doc.tracks.map((t) => ({
      ...t,
      segments: t.segments.map((s) => dropUndefined({
        coords: Array.from(s.coords),
        elevationsMeters: s.elevationsMeters && Array.from(s.elevationsMeters),
        timesMs: s.timesMs && Array.from(s.timesMs),
      })),
    })),
  };
}

/** Parses `text` with xmldom (BOM and leading whitespace stripped, as browsers' File.text() would). */
export function oracleRead(text: string): PlainDocument {
  const source = text.replace(/^\uFEFF/, '').trimStart();
  const dom = new DOMParser({ onError: onErrorStopParsing }).parseFromString(source, 'text/xml');
  const root = dom.documentElement;
  if (!root || root.localName !== 'gpx' || !GPX_NAMESPACES.includes(root.namespaceURI ?? '')) throw new Error('oracle: not GPX');
  const ns = root.namespaceURI as string;
  const kids = (el: Element, local?: string): Element[] => {
    const out: Element[] = [];
    for (let n = el.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 1) {
        const e = n as Element;
        if (local === undefined || (e.namespaceURI === ns && e.localName === local)) out.push(e);
      }
    }
    return out;
  };
  const text1 = (el: Element, local: string): string | undefined => {
    const c = kids(el, local)[0];
    return c ? c.textContent ?? '' : undefined;
  };
  const num = (el: Element, local: string): number | undefined => {
    const t = text1(el, local);
    const v = t === undefined ? NaN : parseFloat(t);
    return Number.isFinite(v) ? v : undefined;
  };
  const time = (el: Element, local: string): number | undefined => {
    const t = text1(el, local);
    const v = t === undefined ? NaN : Date.parse(t.trim());
    return Number.isFinite(v) ? v : undefined;
  };
  const pos = (el: Element) => ({ lon: parseFloat(el.getAttribute('lon') ?? ''), lat: parseFloat(el.getAttribute('lat') ?? '') });

  const metaEl = kids(root, 'metadata')[0] ?? root;
  const metadata = dropUndefined({ name: text1(metaEl, 'name'), desc: text1(metaEl, 'desc'), timeMs: time(metaEl, 'time') });
  const waypoints = kids(root, 'wpt').map((w) => dropUndefined({
    ...pos(w), eleMeters: num(w, 'ele'), timeMs: time(w, 'time'),
    name: text1(w, 'name'), cmt: text1(w, 'cmt'), desc: text1(w, 'desc'), sym: text1(w, 'sym'),
  }));
  const routes = kids(root, 'rte').map((r) => dropUndefined({
    name: text1(r, 'name'), desc: text1(r, 'desc'),
    points: kids(r, 'rtept').map((p) => {
      let kind: string | undefined;
      const shape: number[] = [];
      const extensionElements = [...kids(p).filter((e) => e.namespaceURI !== ns), ...kids(p, 'extensions').flatMap((x) => kids(x))];
      for (const e of extensionElements) {
        if (e.namespaceURI === TRP && e.localName === 'ViaPoint') kind = 'via';
        if (e.namespaceURI === TRP && e.localName === 'ShapingPoint') kind = 'shaping';
        if (e.namespaceURI === GPXX && e.localName === 'RoutePointExtension') {
          for (const rpt of kids(e).filter((x) => x.namespaceURI === GPXX && x.localName === 'rpt')) {
            const q = pos(rpt);
            shape.push(q.lon, q.lat);
          }
        }
      }
      return dropUndefined({ ...pos(p), eleMeters: num(p, 'ele'), name: text1(p, 'name'), kind, shape: shape.length ? shape : undefined });
    }),
  }));
  const tracks = kids(root, 'trk').map((t) => dropUndefined({
    name: text1(t, 'name'), desc: text1(t, 'desc'),
    segments: kids(t, 'trkseg').map((s) => {
      const points = kids(s, 'trkpt');
      const eles = points.map((p) => num(p, 'ele'));
      const times = points.map((p) => time(p, 'time'));
      return dropUndefined({
        coords: points.flatMap((p) => { const q = pos(p); return [q.lon, q.lat]; }),
        elevationsMeters: eles.some((e) => e !== undefined) ? eles.map((e) => (e === undefined ? NaN : Math.fround(e))) : undefined,
        timesMs: times.some((x) => x !== undefined) ? times.map((x) => x ?? NaN) : undefined,
      });
    }),
  }));
  return {
    version: root.getAttribute('version') ?? (ns.endsWith('/1/0') ? '1.0' : '1.1'),
    creator: root.getAttribute('creator') ?? '',
    metadata, waypoints, routes, tracks,
  };
}

function dropUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}
