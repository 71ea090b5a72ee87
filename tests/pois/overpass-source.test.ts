/**
 * The Overpass adapter over real HTTP (a `node:http` server on 127.0.0.1 answering with Overpass
 * JSON written from the real Andorra extract) and a real IndexedDB (fake-indexeddb): request shape,
 * parsing, caching by rounded bbox, and every failure's user message.
 */
import 'fake-indexeddb/auto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { LonLatBbox } from '../../src/core/elevation/dem-source';
import { POI_VIEWPOINT } from '../../src/core/pois/poi-kinds';
import { DexiePoiCache, type PoiCache, type PoiCacheRecord } from '../../src/pois/poi-cache';
import { OVERPASS_UNREACHABLE_MESSAGE, OverpassError, OverpassPoiSource, roundBboxOutward } from '../../src/pois/overpass-source';
import { overpassJsonFromPbf } from '../core/pois/overpass-json-from-pbf';
import { pointRecords, shapeRecords } from '../core/pois/poi-set-records';
import { extractBytes, extractPois } from '../core/pois/shared-data';

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

let server: Server;
let baseUrl = '';
let handler: Handler = () => undefined;
const requests: { method?: string; contentType?: string; body: string }[] = [];
const andorraJson = JSON.stringify(overpassJsonFromPbf(extractBytes('andorra')));
/** Around Coll d'Ordino (the viewpoint and the pass are inside). */
const ORDINO: LonLatBbox = [1.55, 42.54, 1.6, 42.57];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => { body += chunk.toString('utf8'); });
    request.on('end', () => {
      requests.push({ method: request.method, contentType: request.headers['content-type'], body });
      handler(request, body, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/interpreter`;
});
afterAll(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));
afterEach(() => {
  requests.length = 0;
  handler = () => undefined;
});

const answerWith = (status: number, body: string, contentType = 'application/json'): Handler => (_req, _body, response) => {
  response.writeHead(status, { 'Content-Type': contentType });
  response.end(body);
};

let dbCount = 0;
function freshCache(): DexiePoiCache {
  return new DexiePoiCache(`switchback-poi-cache-test-${++dbCount}`);
}

describe('OverpassPoiSource against a local server', () => {
  test('POSTs the query for the rounded bbox and parses the answer into the extract\'s features', async () => {
    handler = answerWith(200, andorraJson);
    const source = new OverpassPoiSource({ url: baseUrl, cache: null });
    const pois = await source.loadPois(ORDINO);
    expect(requests).toHaveLength(1);
    expect(requests[0].method).toBe('POST');
    expect(requests[0].contentType).toBe('application/x-www-form-urlencoded');
    const query = decodeURIComponent(requests[0].body.replace(/^data=/, ''));
    expect(query.startsWith('[out:json][timeout:85][bbox:42.500000,1.550000,42.600000,1.600000];')).toBe(true);
    expect(pois.bbox).toEqual([1.55, 42.5, 1.6, 42.6]);
    expect(pointRecords(pois)).toEqual(pointRecords(extractPois('andorra')));
    expect(shapeRecords(pois)).toEqual(shapeRecords(extractPois('andorra')));
    const names = pointRecords(pois).filter((p) => p.kind === POI_VIEWPOINT).map((p) => p.name);
    expect(names).toContain("Coll d'Ordino");
  });

  test('a second request for a nearby bbox is served from IndexedDB', async () => {
    handler = answerWith(200, andorraJson);
    const cache = freshCache();
    const source = new OverpassPoiSource({ url: baseUrl, cache });
    const first = await source.loadPois(ORDINO);
    const second = await source.loadPois([1.56, 42.545, 1.59, 42.56]);
    expect(requests).toHaveLength(1);
    expect(second.points.count).toBe(first.points.count);
    expect(Array.from(second.points.lon)).toEqual(Array.from(first.points.lon));
    expect(second.shapes.coords).toBeInstanceOf(Float64Array);
    // A new source over the same database (a page reload) needs no request either.
    await new OverpassPoiSource({ url: baseUrl, cache }).loadPois(ORDINO);
    expect(requests).toHaveLength(1);
    cache.close();
  });

  test('a stale cache entry is fetched again, and a broken cache only costs a fetch', async () => {
    handler = answerWith(200, andorraJson);
    let now = 1_000_000;
    const cache = freshCache();
    const source = new OverpassPoiSource({ url: baseUrl, cache, maxAgeMs: 1000, now: () => now });
    await source.loadPois(ORDINO);
    now += 500;
    await source.loadPois(ORDINO);
    expect(requests).toHaveLength(1);
    now += 1000;
    await source.loadPois(ORDINO);
    expect(requests).toHaveLength(2);
    cache.close();

    const broken: PoiCache = {
      get: () => Promise.reject(new Error('QuotaExceededError')),
      put: (_record: PoiCacheRecord) => Promise.reject(new Error('QuotaExceededError')),
    };
    const pois = await new OverpassPoiSource({ url: baseUrl, cache: broken }).loadPois(ORDINO);
    expect(pois.points.count).toBe(extractPois('andorra').points.count);
  });
});

describe('OverpassPoiSource failures', () => {
  test('an unreachable server gives the offline advice', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const source = new OverpassPoiSource({ url: `http://127.0.0.1:${port}/api/interpreter`, cache: null });
    const error = await source.loadPois(ORDINO).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OverpassError);
    expect((error as OverpassError).kind).toBe('unreachable');
    expect((error as Error).message).toBe(OVERPASS_UNREACHABLE_MESSAGE);
    expect((error as Error).message).toBe('Overpass server unreachable: scenic features unavailable. Load an OSM extract (.osm.pbf) for offline scenic scores.');
  });

  test.each([
    [429, 'busy', /busy \(HTTP 429\).*Wait a minute/],
    [504, 'busy', /busy \(HTTP 504\)/],
    [400, 'http', /answered HTTP 400.*Overpass URL in Settings/],
  ])('HTTP %i is a %s error', async (status, kind, message) => {
    handler = answerWith(status, '<html>error</html>', 'text/html');
    const error = await new OverpassPoiSource({ url: baseUrl, cache: null }).loadPois(ORDINO).catch((e: unknown) => e);
    expect((error as OverpassError).kind).toBe(kind);
    expect((error as OverpassError).status).toBe(status);
    expect((error as Error).message).toMatch(message);
  });

  test('a 200 that is not JSON, and a JSON runtime-error remark', async () => {
    handler = answerWith(200, '<osm>not json</osm>', 'application/xml');
    const notJson = await new OverpassPoiSource({ url: baseUrl, cache: null }).loadPois(ORDINO).catch((e: unknown) => e);
    expect((notJson as OverpassError).kind).toBe('bad-response');
    handler = answerWith(200, JSON.stringify({ elements: [], remark: 'runtime error: Query run out of memory using about 2048 MB of RAM.' }));
    const remark = await new OverpassPoiSource({ url: baseUrl, cache: null }).loadPois(ORDINO).catch((e: unknown) => e);
    expect((remark as Error).message).toMatch(/could not finish the query \(runtime error: Query run out of memory/);
  });

  test('a server that never answers times out; the caller can cancel', async () => {
    handler = () => undefined; // never responds
    const slow = new OverpassPoiSource({ url: baseUrl, cache: null, timeoutMs: 300 });
    const timeout = await slow.loadPois(ORDINO).catch((e: unknown) => e);
    expect((timeout as OverpassError).kind).toBe('timeout');
    expect((timeout as Error).message).toMatch(/^Overpass server did not answer within 0\.3 s: scenic features unavailable\. Try again later, or load an OSM extract/);
    const controller = new AbortController();
    const pending = new OverpassPoiSource({ url: baseUrl, cache: null, timeoutMs: 10_000 }).loadPois(ORDINO, controller.signal).catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 50);
    expect(((await pending) as OverpassError).kind).toBe('aborted');
  });

  test('bad boxes and boxes too large for one request are refused before any request', async () => {
    const source = new OverpassPoiSource({ url: baseUrl, cache: null });
    await expect(source.loadPois([1, 42, 4, 45])).rejects.toThrow(/too large for one Overpass request/);
    await expect(source.loadPois([1, 42, Number.NaN, 43])).rejects.toThrow(/not a valid \[west, south, east, north\] box/);
    expect(requests).toHaveLength(0);
  });
});

describe('roundBboxOutward', () => {
  test('grows to the grid and keeps edges already on it', () => {
    expect(roundBboxOutward([1.5721, 42.5549, 1.5733, 42.5561], 0.05)).toEqual([1.55, 42.55, 1.6, 42.6]);
    expect(roundBboxOutward([0.15, 42.55, 0.25, 42.6], 0.05)).toEqual([0.15, 42.55, 0.25, 42.6]);
    expect(roundBboxOutward([-179.99, -89.99, 179.99, 89.99], 0.05)).toEqual([-180, -90, 180, 90]);
  });
});
