/**
 * OsrmHttpRouter against a real HTTP server on 127.0.0.1 that replays the recorded OSRM responses
 * (checking that the request is what OSRM expects) and misbehaves in the ways real servers do.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { parseOsrmRoute } from '../../src/core/routing/osrm-response';
import { RoutingError } from '../../src/core/routing/router';
import type { LonLat } from '../../src/core/units';
import { DEFAULT_OSRM_BASE_URL, OsrmHttpRouter } from '../../src/routing/osrm-http-router';
import { recordedJson, recordedText, type RecordedName } from '../core/routing/recorded-osrm';

const PRECISION: Record<RecordedName, 5 | 6> = { ajaccio: 5, portugalKorea: 5, berlin: 6, tallinn: 6 };
const QUERY: Record<5 | 6, string> = {
  5: 'overview=full&geometries=polyline&steps=true',
  6: 'overview=full&geometries=polyline6&steps=true',
};

/** The request each recording answers: its snapped waypoints, as the router must format them. */
const waypointCache = new Map<RecordedName, LonLat[]>();
function recordedWaypoints(name: RecordedName): LonLat[] {
  let waypoints = waypointCache.get(name);
  if (!waypoints) {
    waypoints = (recordedJson(name).waypoints as Array<{ location: [number, number] }>).map((w) => w.location);
    waypointCache.set(name, waypoints);
  }
  return waypoints;
}
function expectedPath(name: RecordedName): string {
  return `/replay/${name}/route/v1/driving/${recordedWaypoints(name).map(([lon, lat]) => `${lon.toFixed(6)},${lat.toFixed(6)}`).join(';')}`;
}

let server: http.Server;
let base = '';
let requests: string[] = [];
let onRequest: ((url: string, res: http.ServerResponse) => void) | undefined;
const openResponses = new Set<http.ServerResponse>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = req.url ?? '';
    requests.push(url);
    openResponses.add(res);
    res.on('close', () => openResponses.delete(res));
    onRequest?.(url, res);
    const [pathname, query] = url.split('?');
    const scenario = pathname.split('/')[1];
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    switch (scenario) {
      case 'replay': {
        const name = pathname.split('/')[2] as RecordedName;
        if (!(name in PRECISION)) return json(404, { code: 'InvalidUrl', message: `no recording ${name}` });
        if (pathname !== expectedPath(name) || query !== QUERY[PRECISION[name]]) {
          return json(400, { code: 'InvalidUrl', message: `unexpected request ${url}` });
        }
        return json(200, recordedText(name));
      }
      case 'hang':
        return; // never answers
      case 'hang-body':
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write('{"code":"Ok","routes":[');
        return; // never finishes the body
      case 'limited':
        return json(429, { message: 'Too Many Requests' }, { 'Retry-After': '120' });
      case 'limited-no-header':
        return json(429, 'Too Many Requests');
      case 'error500':
        return json(500, { code: 'InternalError', message: 'Routing engine crashed' });
      case 'proxy502':
        res.writeHead(502, 'Bad Gateway', { 'Content-Type': 'text/html' });
        return res.end('<html><body>502 Bad Gateway</body></html>');
      case 'noroute400':
        return json(400, { code: 'NoRoute', message: 'Impossible route between points' });
      case 'invalid400':
        return json(400, { code: 'InvalidQuery', message: 'Query string malformed close to position 28' });
      case 'noroute200':
        return json(200, { code: 'NoRoute', message: 'Impossible route between points' });
      case 'garbage':
        return json(200, '{"code":"Ok","routes":[{"distance":');
      default:
        return json(404, { code: 'InvalidUrl', message: 'unknown scenario' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  onRequest = undefined;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  requests = [];
  onRequest = undefined;
});

const ANDORRA: LonLat[] = [[1.52, 42.507], [1.71938, 42.54018]];

async function routingError(promise: Promise<unknown>): Promise<RoutingError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RoutingError) return error;
    throw new Error(`expected a RoutingError, got ${String(error)}`);
  }
  throw new Error('expected the request to fail');
}

describe('OsrmHttpRouter replaying recorded responses', () => {
  test.each(['ajaccio', 'portugalKorea', 'berlin', 'tallinn'] as const)('%s: asks OSRM the expected URL and returns the parsed route', async (name) => {
    const router = new OsrmHttpRouter({ baseUrl: `${base}/replay/${name}`, polylinePrecision: PRECISION[name], timeoutMs: 5000 });
    const result = await router.route({ waypoints: recordedWaypoints(name), profile: 'fastest' });
    expect(requests).toEqual([`${expectedPath(name)}?${QUERY[PRECISION[name]]}`]);
    const direct = parseOsrmRoute(recordedJson(name), { precision: PRECISION[name], router: 'osrm' });
    const { coords, ...rest } = result;
    const { coords: directCoords, ...directRest } = direct;
    expect(rest).toEqual(directRest);
    // Byte comparison: a deep equal over 160k numbers is needlessly slow.
    expect(Buffer.from(coords.buffer, coords.byteOffset, coords.byteLength).equals(Buffer.from(directCoords.buffer, directCoords.byteOffset, directCoords.byteLength))).toBe(true);
    expect(result.router).toBe('osrm');
  });

  test('README facts survive the trip: Ajaccio 5015 m and 22 steps, Berlin 2 legs, Portugal 422 steps', async () => {
    const ajaccio = await new OsrmHttpRouter({ baseUrl: `${base}/replay/ajaccio`, polylinePrecision: 5 }).route({ waypoints: recordedWaypoints('ajaccio') });
    expect([ajaccio.distanceMeters, ajaccio.legs[0].steps.length]).toEqual([5015, 22]);
    const berlin = await new OsrmHttpRouter({ baseUrl: `${base}/replay/berlin` }).route({ waypoints: recordedWaypoints('berlin') });
    expect([berlin.distanceMeters, berlin.legs.length]).toEqual([4731.8, 2]);
    const portugal = await new OsrmHttpRouter({ baseUrl: `${base}/replay/portugalKorea`, polylinePrecision: 5 }).route({ waypoints: recordedWaypoints('portugalKorea') });
    expect(portugal.legs[0].steps).toHaveLength(422);
  });

  test('a trailing slash on the base URL is tolerated; coordinates are sent with 6 decimals', async () => {
    const router = new OsrmHttpRouter({ baseUrl: `${base}/replay/berlin/` });
    const waypoints = recordedWaypoints('berlin').map(([lon, lat]): LonLat => [lon + 1e-8, lat - 1e-8]);
    await router.route({ waypoints });
    expect(requests).toEqual([`${expectedPath('berlin')}?${QUERY[6]}`]);
  });
});

describe('OsrmHttpRouter failures', () => {
  test('a server that never answers times out', async () => {
    const started = Date.now();
    const error = await routingError(new OsrmHttpRouter({ baseUrl: `${base}/hang`, timeoutMs: 200 }).route({ waypoints: ANDORRA }));
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe(`The routing server at ${base}/hang did not answer within 200 ms. It may be busy: try again, or choose another router in Settings.`);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  test('a body that never ends times out too', async () => {
    const error = await routingError(new OsrmHttpRouter({ baseUrl: `${base}/hang-body`, timeoutMs: 200 }).route({ waypoints: ANDORRA }));
    expect(error.kind).toBe('timeout');
  });

  test('429 is rate-limited, with Retry-After in the message', async () => {
    const error = await routingError(new OsrmHttpRouter({ baseUrl: `${base}/limited`, timeoutMs: 2000 }).route({ waypoints: ANDORRA }));
    expect(error.kind).toBe('rate-limited');
    expect(error.status).toBe(429);
    expect(error.message).toContain('Retry after 120 s.');
    const bare = await routingError(new OsrmHttpRouter({ baseUrl: `${base}/limited-no-header`, timeoutMs: 2000 }).route({ waypoints: ANDORRA }));
    expect(bare.kind).toBe('rate-limited');
    expect(bare.message).not.toContain('Retry after');
  });

  test('500 with an OSRM body is an http error with the status and the server message', async () => {
    const error = await routingError(new OsrmHttpRouter({ baseUrl: `${base}/error500`, timeoutMs: 2000 }).route({ waypoints: ANDORRA }));
    expect(error.kind).toBe('http');
    expect(error.status).toBe(500);
    expect(error.message).toContain('HTTP 500: "Routing engine crashed"');
  });

  test('502 from a proxy (HTML body) is an http error with the status text', async () => {
    const error = await routingError(new OsrmHttpRouter({ baseUrl: `${base}/proxy502`, timeoutMs: 2000 }).route({ waypoints: ANDORRA }));
    expect(error.kind).toBe('http');
    expect(error.status).toBe(502);
    expect(error.message).toContain('HTTP 502 (Bad Gateway)');
  });

  test('OSRM answers NoRoute with HTTP 400: that is no-route, not an http failure', async () => {
    const error = await routingError(new OsrmHttpRouter({ baseUrl: `${base}/noroute400`, timeoutMs: 2000 }).route({ waypoints: ANDORRA }));
    expect(error.kind).toBe('no-route');
    expect(error.status).toBe(400);
    expect(error.message).toContain('Impossible route between points');
    const ok = await routingError(new OsrmHttpRouter({ baseUrl: `${base}/noroute200`, timeoutMs: 2000 }).route({ waypoints: ANDORRA }));
    expect(ok.kind).toBe('no-route');
  });

  test('400 InvalidQuery is an http error carrying the OSRM message', async () => {
    const error = await routingError(new OsrmHttpRouter({ baseUrl: `${base}/invalid400`, timeoutMs: 2000 }).route({ waypoints: ANDORRA }));
    expect(error.kind).toBe('http');
    expect(error.status).toBe(400);
    expect(error.message).toContain('Query string malformed close to position 28');
  });

  test('a truncated JSON body is a bad response', async () => {
    const error = await routingError(new OsrmHttpRouter({ baseUrl: `${base}/garbage`, timeoutMs: 2000 }).route({ waypoints: ANDORRA }));
    expect(error.kind).toBe('bad-response');
    expect(error.message).toContain('not JSON');
  });

  test('a closed port is a network error that says what to do', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await routingError(new OsrmHttpRouter({ baseUrl: deadUrl, timeoutMs: 2000 }).route({ waypoints: ANDORRA }));
    expect(error.kind).toBe('network');
    expect(error.message).toBe(`The routing server at ${deadUrl} cannot be reached. Check your connection or choose another router in Settings.`);
  });

  test('aborting a request in flight rejects with aborted and closes the connection', async () => {
    const controller = new AbortController();
    const arrived = new Promise<http.ServerResponse>((resolve) => {
      onRequest = (_url, res) => resolve(res);
    });
    const pending = new OsrmHttpRouter({ baseUrl: `${base}/hang`, timeoutMs: 5000 }).route({ waypoints: ANDORRA }, controller.signal);
    const res = await arrived;
    const closed = new Promise<void>((resolve) => (res.destroyed || !openResponses.has(res) ? resolve() : res.on('close', () => resolve())));
    const started = Date.now();
    controller.abort();
    const error = await routingError(pending);
    expect(error.kind).toBe('aborted');
    expect(Date.now() - started).toBeLessThan(1000);
    await closed;
  });

  test('an already aborted signal sends nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await routingError(new OsrmHttpRouter({ baseUrl: `${base}/replay/berlin` }).route({ waypoints: recordedWaypoints('berlin') }, controller.signal));
    expect(error.kind).toBe('aborted');
    expect(requests).toEqual([]);
  });

  test('invalid waypoints are refused before any request', async () => {
    const router = new OsrmHttpRouter({ baseUrl: `${base}/replay/berlin` });
    expect((await routingError(router.route({ waypoints: [ANDORRA[0]] }))).message).toMatch(/at least two waypoints/);
    expect((await routingError(router.route({ waypoints: [ANDORRA[0], [200, 42]] }))).message).toMatch(/Waypoint 2 is not a valid position/);
    expect(requests).toEqual([]);
  });
});

describe('OsrmHttpRouter with an injected fetch', () => {
  test('defaults to the public server and uses the injected fetch', async () => {
    const seen: string[] = [];
    const fakeFetch: typeof fetch = async (input) => {
      seen.push(String(input));
      return new Response(recordedText('tallinn'), { status: 200, headers: { 'Content-Type': 'application/json' } });
    };
    const router = new OsrmHttpRouter({ fetch: fakeFetch });
    expect(router.baseUrl).toBe(DEFAULT_OSRM_BASE_URL);
    const result = await router.route({ waypoints: recordedWaypoints('tallinn') });
    expect(seen).toEqual([`https://router.project-osrm.org/route/v1/driving/24.765368,59.442643;24.730034,59.452226?${QUERY[6]}`]);
    expect(result.legs[0].steps).toHaveLength(23);
  });

  test('a fetch that rejects for another reason is a network error', async () => {
    const router = new OsrmHttpRouter({ baseUrl: 'https://osrm.example.org', fetch: async () => { throw new TypeError('fetch failed'); } });
    const error = await routingError(router.route({ waypoints: ANDORRA }));
    expect(error.kind).toBe('network');
    expect(error.message).toContain('https://osrm.example.org cannot be reached');
  });
});
