import { describe, expect, test } from 'vitest';
import { bytesRangeReader, PmtilesArchive } from '../../src/core/elevation/pmtiles-archive';
import { lonLatToTilePixel } from '../../src/core/elevation/web-mercator';
import { sniffImageType } from '../../src/elevation/decode-image-rgba';
import { httpRangeReader, tileUrl, urlTemplateTileFetcher } from '../../src/elevation/terrain-tile-fetchers';
import { readSharedData } from '../core/elevation/shared-data';

describe('URL templates', () => {
  test('fills {z}/{x}/{y} and the TMS row {-y}', () => {
    expect(tileUrl('https://tiles.example/{z}/{x}/{y}.webp', 11, 1104, 690)).toBe('https://tiles.example/11/1104/690.webp');
    expect(tileUrl('https://tiles.example/{z}/{x}/{-y}.png', 11, 1104, 690)).toBe(`https://tiles.example/11/1104/${2048 - 1 - 690}.png`);
  });

  test('a template without placeholders is refused with an example', () => {
    expect(() => urlTemplateTileFetcher('https://tiles.example/terrain.png')).toThrow(/has no \{z\}, \{x\}, \{y\}.*\{z\}\/\{x\}\/\{y\}.webp/);
  });

  test('200 gives the bytes, 404 means no tile, other errors reject with the status and URL', async () => {
    const requested: string[] = [];
    const fetchImpl = async (url: string) => {
      requested.push(url);
      if (url.includes('/404/')) return new Response(null, { status: 404 });
      if (url.includes('/500/')) return new Response('boom', { status: 500, statusText: 'Internal Server Error' });
      return new Response(new Uint8Array([1, 2, 3]));
    };
    const fetchTile = urlTemplateTileFetcher('https://t.example/{z}/{x}/{y}.png', fetchImpl);
    expect(await fetchTile(1, 2, 3)).toEqual(new Uint8Array([1, 2, 3]));
    expect(await fetchTile(1, 404, 0)).toBeNull();
    await expect(fetchTile(1, 500, 0)).rejects.toThrow('HTTP 500 Internal Server Error for https://t.example/1/500/0.png');
    expect(requested[0]).toBe('https://t.example/1/2/3.png');
  });
});

describe('httpRangeReader', () => {
  const file = readSharedData('terrain/near-badschandau-z10-11.pmtiles');

  /** A server that honours Range headers (206), or ignores them (200 with the whole file). */
  function server(honoursRange: boolean) {
    const ranges: string[] = [];
    const fetchImpl = async (_url: string, init?: RequestInit) => {
      const range = new Headers(init?.headers).get('Range') ?? '';
      ranges.push(range);
      if (!honoursRange) return new Response(file.slice());
      const [, start, end] = /bytes=(\d+)-(\d+)/.exec(range)!.map(Number);
      return new Response(file.slice(start, end + 1), { status: 206 });
    };
    return { fetchImpl, ranges };
  }

  for (const honoursRange of [true, false]) {
    test(`reads the real archive's tiles from a server that ${honoursRange ? 'honours' : 'ignores'} Range`, async () => {
      const { fetchImpl, ranges } = server(honoursRange);
      const archive = await PmtilesArchive.open(httpRangeReader('https://t.example/a.pmtiles', fetchImpl));
      const direct = await PmtilesArchive.open(bytesRangeReader(file));
      const { x, y } = lonLatToTilePixel(14.204129, 50.905488, 11, 512);
      const tile = await archive.getTile(11, x, y);
      expect(tile).not.toBeNull();
      expect(tile).toEqual(await direct.getTile(11, x, y));
      expect(sniffImageType(tile!)).toBe('image/webp');
      expect(ranges[0]).toBe('bytes=0-16383');
      expect(ranges.length).toBe(honoursRange ? 2 : 1); // the whole body is reused when Range is ignored
    });
  }
});
