/**
 * Seeded synthetic roads in [lon, lat], built by walking in local metres (x east, y north) so the
 * true geometry is known: straights, bends of known radius and angle, hairpins, S-bends.
 */
import { between, mulberry32 } from './mulberry32';

const R = 6_371_008.8;
const DEG = 180 / Math.PI;
const RAD = Math.PI / 180;

/** Planar polyline builder: a pen with a position and a heading (radians from east, counter-clockwise). */
export class PlanarPen {
  xs: number[] = [0];
  ys: number[] = [0];
  heading: number;

  constructor(headingRad = 0) {
    this.heading = headingRad;
  }

  private add(x: number, y: number): void {
    this.xs.push(x);
    this.ys.push(y);
  }

  get x(): number { return this.xs[this.xs.length - 1]; }
  get y(): number { return this.ys[this.ys.length - 1]; }
  get points(): number { return this.xs.length; }

  /** Straight of `length` m with vertices every `spacing` m (the last step may be shorter). */
  straight(length: number, spacing: number): this {
    const n = Math.max(1, Math.round(length / spacing));
    const x0 = this.x, y0 = this.y;
    for (let i = 1; i <= n; i++) {
      const d = (length * i) / n;
      this.add(x0 + d * Math.cos(this.heading), y0 + d * Math.sin(this.heading));
    }
    return this;
  }

  /** Arc of `radius` m turning `angleRad` (positive = left) with vertices about every `spacing` m. */
  arc(radius: number, angleRad: number, spacing: number): this {
    const n = Math.max(1, Math.round((radius * Math.abs(angleRad)) / spacing));
    const side = angleRad > 0 ? 1 : -1;
    const cx = this.x - side * radius * Math.sin(this.heading);
    const cy = this.y + side * radius * Math.cos(this.heading);
    const a0 = this.heading - (side * Math.PI) / 2;
    for (let i = 1; i <= n; i++) {
      const a = a0 + (angleRad * i) / n;
      this.add(cx + radius * Math.cos(a), cy + radius * Math.sin(a));
    }
    this.heading += angleRad;
    return this;
  }

  /** The polyline placed at (lon0, lat0), rotated by `rotateRad` about its start. */
  toLonLat(lon0 = 7, lat0 = 45, rotateRad = 0): Float64Array {
    return planarToLonLat(this.xs, this.ys, lon0, lat0, rotateRad);
  }
}

/**
 * Places planar metres on the sphere by walking: each step keeps its length and bearing, with the
 * longitude scale taken at the local latitude, so shapes stay true even over hundreds of km.
 */
export function planarToLonLat(xs: ArrayLike<number>, ys: ArrayLike<number>, lon0: number, lat0: number, rotateRad = 0): Float64Array {
  const n = xs.length;
  const out = new Float64Array(2 * n);
  const c = Math.cos(rotateRad), s = Math.sin(rotateRad);
  let lon = lon0, lat = lat0;
  out[0] = lon; out[1] = lat;
  for (let i = 1; i < n; i++) {
    const dx0 = xs[i] - xs[i - 1], dy0 = ys[i] - ys[i - 1];
    const dx = c * dx0 - s * dy0, dy = s * dx0 + c * dy0;
    const dLat = (dy / R) * DEG;
    const midLat = lat + dLat / 2;
    lon += (dx / (R * Math.cos(midLat * RAD))) * DEG;
    lat += dLat;
    out[2 * i] = lon; out[2 * i + 1] = lat;
  }
  return out;
}

export interface SyntheticRouteOptions {
  seed?: number;
  /** Number of vertices (default 100,000). */
  points?: number;
  /** Vertex spacing in metres on straights and bends (default 10.35: with hairpins noded every 4 m, 100k points make ~1,000 km). */
  spacingMeters?: number;
  /** Lateral digitising noise amplitude in metres (uniform ±, default 0.3). */
  noiseMeters?: number;
  lon0?: number;
  lat0?: number;
}

/**
 * A realistic mixed road: straights of 0.2–3 km, bends of R 30–400 m, S-bend sequences and
 * hairpin flights (R 8–20 m, 160–180°), about `spacingMeters` apart, with sub-metre digitising noise,
 * wandering roughly east-north-east from (lon0, lat0). Exactly `points` vertices.
 */
export function syntheticRoute(options: SyntheticRouteOptions = {}): Float64Array {
  const { seed = 1, points = 100_000, spacingMeters = 10.35, noiseMeters = 0.3, lon0 = 7, lat0 = 46 } = options;
  const rand = mulberry32(seed);
  const target = 20 * RAD; // ENE in math convention (from east, counter-clockwise)
  const pen = new PlanarPen(target);
  while (pen.points < points) {
    const pick = rand();
    // Steer back towards the target bearing so the route keeps going somewhere.
    const drift = Math.atan2(Math.sin(pen.heading - target), Math.cos(pen.heading - target));
    const side = rand() < 0.5 + Math.max(-0.4, Math.min(0.4, drift)) ? -1 : 1;
    if (pick < 0.35) {
      pen.straight(between(rand, 200, 3000), spacingMeters);
    } else if (pick < 0.75) {
      pen.arc(between(rand, 30, 400), side * between(rand, 20, 120) * RAD, spacingMeters);
      pen.straight(between(rand, 20, 300), spacingMeters);
    } else if (pick < 0.92) {
      const count = 2 + Math.floor(rand() * 5);
      let s = side;
      for (let i = 0; i < count; i++, s = -s) pen.arc(between(rand, 25, 120), s * between(rand, 40, 100) * RAD, spacingMeters);
    } else {
      const count = 2 + Math.floor(rand() * 8);
      let s = side;
      for (let i = 0; i < count; i++, s = -s) {
        pen.straight(between(rand, 80, 250), spacingMeters);
        pen.arc(between(rand, 8, 20), s * between(rand, 160, 180) * RAD, Math.min(spacingMeters, 4));
      }
      pen.straight(between(rand, 100, 400), spacingMeters);
    }
  }
  const xs = pen.xs.slice(0, points), ys = pen.ys.slice(0, points);
  if (noiseMeters > 0) {
    for (let i = 1; i < points - 1; i++) {
      xs[i] += between(rand, -noiseMeters, noiseMeters);
      ys[i] += between(rand, -noiseMeters, noiseMeters);
    }
  }
  return planarToLonLat(xs, ys, lon0, lat0);
}
