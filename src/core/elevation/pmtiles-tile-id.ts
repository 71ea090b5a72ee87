/**
 * PMTiles v3 tile ids: tiles are numbered zoom by zoom (all of z0, then z1, …), and within a
 * zoom along a Hilbert curve, so tiles near each other on the map are near each other in the
 * file. id(z, x, y) = (4^z − 1)/3 + hilbert(2^z, x, y). Ids stay below 2^53 up to z26.
 */

const MAX_ZOOM = 26;

/** Ids of the first tile of every zoom: (4^z − 1)/3. */
const ZOOM_START = Array.from({ length: MAX_ZOOM + 2 }, (_, z) => (4 ** z - 1) / 3);

/** The PMTiles tile id of (z, x, y); throws RangeError outside the zoom's tile grid. */
export function zxyToTileId(z: number, x: number, y: number): number {
  if (!Number.isInteger(z) || z < 0 || z > MAX_ZOOM) throw new RangeError(`PMTiles zoom must be a whole number from 0 to ${MAX_ZOOM}, got ${z}`);
  const n = 2 ** z;
  if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= n || y >= n) {
    throw new RangeError(`Tile ${z}/${x}/${y} is outside zoom ${z}, whose x and y run from 0 to ${n - 1}`);
  }
  let d = 0;
  let tx = x;
  let ty = y;
  for (let s = n / 2; s >= 1; s /= 2) {
    const rx = (tx & s) > 0 ? 1 : 0;
    const ry = (ty & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    // Rotate the quadrant so the curve continues in the right orientation.
    if (ry === 0) {
      if (rx === 1) {
        tx = s - 1 - (tx & (s - 1));
        ty = s - 1 - (ty & (s - 1));
      }
      const t = tx;
      tx = ty;
      ty = t;
    }
  }
  return ZOOM_START[z] + d;
}

/** The (z, x, y) of a PMTiles tile id; the inverse of `zxyToTileId`. */
export function tileIdToZxy(id: number): [z: number, x: number, y: number] {
  if (!Number.isInteger(id) || id < 0 || id >= ZOOM_START[MAX_ZOOM + 1]) throw new RangeError(`${id} is not a PMTiles tile id up to zoom ${MAX_ZOOM}`);
  let z = 0;
  while (ZOOM_START[z + 1] <= id) z++;
  const n = 2 ** z;
  let d = id - ZOOM_START[z];
  let x = 0;
  let y = 0;
  for (let s = 1; s < n; s *= 2) {
    const rx = 1 & (d / 2);
    const ry = 1 & (d ^ rx);
    if (ry === 0) {
      if (rx === 1) {
        x = s - 1 - x;
        y = s - 1 - y;
      }
      const t = x;
      x = y;
      y = t;
    }
    x += s * rx;
    y += s * ry;
    d = Math.floor(d / 4);
  }
  return [z, x, y];
}
