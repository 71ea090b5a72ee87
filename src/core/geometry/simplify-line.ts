/**
 * Douglas–Peucker simplification of a `[lon, lat]` line for display: keeps the vertices needed so
 * that no dropped vertex lies farther than `toleranceDegrees` from the kept line, measured in a
 * plane where one degree of latitude is stretched by 1 / cos(latitude) as Web Mercator does near
 * the line. So a tolerance of half a screen pixel at zoom z (`pixelToleranceDegrees`) gives a line
 * that draws the same at z and below. Endpoints are always kept. O(n log n) typical, no recursion.
 */
import type { LonLatArray } from '../units';

const RAD = Math.PI / 180;

/** Degrees of longitude per `pixels` screen pixels at zoom `zoom` (512-pixel tiles, as MapLibre draws). */
export function pixelToleranceDegrees(zoom: number, pixels: number): number {
  return (pixels * 360) / (512 * 2 ** zoom);
}

/** The simplified line as a new interleaved lon,lat array. */
export function simplifyLine(coords: LonLatArray, toleranceDegrees: number): Float64Array {
  const n = coords.length >> 1;
  if (n <= 2 || !(toleranceDegrees > 0)) return coords.slice();
  let latSum = 0;
  for (let i = 0; i < n; i++) latSum += coords[2 * i + 1];
  const yScale = 1 / Math.max(0.01, Math.cos((latSum / n) * RAD));
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  const tolerance2 = toleranceDegrees * toleranceDegrees;
  const stack = new Uint32Array(2 * n);
  let top = 0;
  stack[top++] = 0;
  stack[top++] = n - 1;
  while (top > 0) {
    const last = stack[--top], first = stack[--top];
    const ax = coords[2 * first], ay = coords[2 * first + 1] * yScale;
    const dx = coords[2 * last] - ax, dy = coords[2 * last + 1] * yScale - ay;
    const length2 = dx * dx + dy * dy;
    let worst = -1, worst2 = tolerance2;
    for (let i = first + 1; i < last; i++) {
      const px = coords[2 * i] - ax, py = coords[2 * i + 1] * yScale - ay;
      let d2: number;
      if (length2 === 0) {
        d2 = px * px + py * py;
      } else {
        const t = Math.max(0, Math.min(1, (px * dx + py * dy) / length2));
        const ex = px - t * dx, ey = py - t * dy;
        d2 = ex * ex + ey * ey;
      }
      if (d2 > worst2) { worst2 = d2; worst = i; }
    }
    if (worst < 0) continue;
    keep[worst] = 1;
    stack[top++] = first;
    stack[top++] = worst;
    stack[top++] = worst;
    stack[top++] = last;
  }
  let kept = 0;
  for (let i = 0; i < n; i++) kept += keep[i];
  const out = new Float64Array(2 * kept);
  for (let i = 0, k = 0; i < n; i++) {
    if (keep[i] === 1) { out[k++] = coords[2 * i]; out[k++] = coords[2 * i + 1]; }
  }
  return out;
}
