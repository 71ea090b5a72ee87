/**
 * What is scenic along a route, measured (scoring-spec §3.4 inputs): which viewpoints, passes and
 * peaks are how far from the road, and what share of the route samples (every 50 m) lie by water,
 * in natural landscape, in built-up areas, on fast or minor roads and on roads signed scenic.
 * Scoring those measures is `scenicFromMeasures`; keeping the two apart makes every sub-score
 * traceable to the features behind it, and lets legs be measured once and merged for a drive.
 *
 * All distances are to the route polyline, in the local plane at the feature (`LineIndex`,
 * `ShapeSegmentGrid`): exact to ~1e-6 over the few kilometres that matter here.
 */
import { elevationStats } from '../elevation/elevation-stats';
import { cumulativeMeters } from '../geometry/earth';
import { LineIndex } from '../geometry/line-index';
import { AreaIndex } from '../pois/area-index';
import {
  LAYER_PASSES, LAYER_PEAKS, LAYER_VIEWPOINTS, POI_OBSERVATION_TOWER, POI_PASS, POI_PEAK, POI_SADDLE, POI_VIEWPOINT, POI_VOLCANO,
  SHAPE_BAY, SHAPE_COASTLINE, SHAPE_FLAG_SCENIC, SHAPE_GREEN_AREA, SHAPE_PROTECTED_AREA, SHAPE_RIVER, SHAPE_ROAD_FAST,
  SHAPE_ROAD_MINOR, SHAPE_URBAN_AREA, SHAPE_WATER_AREA, isRoadKind,
} from '../pois/poi-kinds';
import type { PoiSet } from '../pois/poi-set';
import { poisNearLine } from '../pois/pois-near-line';
import { ShapeSegmentGrid, emptySegmentHit } from '../pois/shape-segment-grid';
import type { LonLatArray } from '../units';
import { resolveScenicParameters, type ScenicOptions, type ScenicParameters } from './scenic-params';

/** A point feature near the route. */
export interface PointNear {
  /** Point index in the `PoiSet`. */
  poi: number;
  kind: number;
  name: string;
  lon: number;
  lat: number;
  /** The feature's own elevation (m), NaN when the data has none. */
  eleMeters: number;
  osmType: number;
  osmId: number;
  /** Distance from the feature to the road (m). */
  distanceMeters: number;
  /** Distance along the route to the closest point (m). */
  alongMeters: number;
}

export interface PeakNear extends PointNear {
  /** Route elevation at the closest point (m); NaN without elevation data. */
  routeEleMeters: number;
}

/** How many route samples one shape accounts for. */
export interface ShapeTally {
  shape: number;
  kind: number;
  name: string;
  /** The tag value behind the shape ("forest", "river", "secondary"…). */
  detail: string;
  osmType: number;
  osmId: number;
  samples: number;
  /** Nearest approach of a sample (m); 0 for samples inside an area. */
  minDistanceMeters: number;
}

export interface SampleTally {
  /** Samples with the property. */
  samples: number;
  /** The shapes responsible, most samples first. */
  shapes: ShapeTally[];
}

export interface ScenicElevation {
  ascentMeters: number;
  descentMeters: number;
  maxMeters: number;
  minMeters: number;
}

export interface ScenicMeasures {
  lengthMeters: number;
  /** Route samples taken (every `sampleStepMeters`, plus the end point). */
  sampleCount: number;
  /** `LAYER_*` bits of the feature set measured against (what could be found at all). */
  layers: number;
  /** Points near the route, in order along it. */
  viewpoints: PointNear[];
  passes: PointNear[];
  peaks: PeakNear[];
  water: SampleTally;
  green: SampleTally;
  urban: SampleTally;
  roads: {
    fast: SampleTally;
    minor: SampleTally;
    scenic: SampleTally;
    /** Samples matched to any road within `roadMatchMeters`. */
    matched: number;
  };
  /** From the elevation profile of the route; null without one. */
  elevation: ScenicElevation | null;
}

export interface MeasureScenicOptions {
  /**
   * Heights along this line (e.g. `sampleProfileEvery(dem, coords, 50)`): distance from the start
   * of the line (m, ascending) and height (m, NaN = unknown). Needed for relief and peaks.
   */
  elevation?: { distanceMeters: ArrayLike<number>; elevationMeters: ArrayLike<number> };
  params?: ScenicOptions;
}

/** Spatial indexes of one `PoiSet` for scenic measuring; built once per set and parameters. */
export class ScenicIndex {
  private constructor(
    readonly pois: PoiSet,
    readonly water: ShapeSegmentGrid,
    readonly waterAreas: AreaIndex,
    readonly green: AreaIndex,
    readonly urban: AreaIndex,
    readonly roads: ShapeSegmentGrid,
    private readonly radius: Float64Array,
  ) {}

  static build(pois: PoiSet, params: ScenicParameters): ScenicIndex {
    const { kind, areaSquareMeters } = pois.shapes;
    const bigWater = (s: number): boolean => kind[s] === SHAPE_BAY || (kind[s] === SHAPE_WATER_AREA && areaSquareMeters[s] >= params.minWaterAreaSquareMeters);
    const radius = new Float64Array(pois.shapes.count);
    for (let s = 0; s < pois.shapes.count; s++) {
      radius[s] = kind[s] === SHAPE_RIVER ? params.riverMeters : kind[s] === SHAPE_COASTLINE || bigWater(s) ? params.waterAreaMeters : -1;
    }
    const reach = Math.max(params.riverMeters, params.waterAreaMeters);
    return new ScenicIndex(
      pois,
      ShapeSegmentGrid.build(pois, (s) => radius[s] >= 0, Math.max(reach, 50)),
      AreaIndex.build(pois, bigWater),
      AreaIndex.build(pois, (s) => kind[s] === SHAPE_GREEN_AREA || kind[s] === SHAPE_PROTECTED_AREA),
      AreaIndex.build(pois, (s) => kind[s] === SHAPE_URBAN_AREA),
      ShapeSegmentGrid.build(pois, (s) => isRoadKind(kind[s]), Math.max(2 * params.roadMatchMeters, 20)),
      radius,
    );
  }

  /** How close a sample must be to shape `s` to count as by water (m); negative when `s` is not water. */
  waterRadius(s: number): number {
    return this.radius[s];
  }
}

const indexCache = new WeakMap<PoiSet, Map<string, ScenicIndex>>();

/** The `ScenicIndex` for a set and parameters, cached while the set is alive. */
export function scenicIndexFor(pois: PoiSet, params: ScenicParameters): ScenicIndex {
  const key = [params.riverMeters, params.waterAreaMeters, params.minWaterAreaSquareMeters, params.roadMatchMeters].join('|');
  let byKey = indexCache.get(pois);
  if (!byKey) indexCache.set(pois, (byKey = new Map()));
  let index = byKey.get(key);
  if (!index) byKey.set(key, (index = ScenicIndex.build(pois, params)));
  return index;
}

/** Measures one continuous line (a leg, or one track segment) against `pois`. */
export function measureScenic(coords: LonLatArray, pois: PoiSet, options: MeasureScenicOptions = {}): ScenicMeasures {
  const params = resolveScenicParameters(options.params);
  const index = scenicIndexFor(pois, params);
  const line = LineIndex.build(coords);
  const lengthMeters = line.lengthMeters;
  const elevation = options.elevation;
  const routeEleAt = elevation ? (along: number) => interpolate(elevation.distanceMeters, elevation.elevationMeters, along) : () => NaN;

  const pointsNear = (maxMeters: number, kinds: readonly number[]): PointNear[] => {
    const near = poisNearLine(pois, line, maxMeters, (k) => kinds.includes(k));
    const out: PointNear[] = [];
    const { points, names } = pois;
    for (let k = 0; k < near.count; k++) {
      const i = near.index[k];
      out.push({
        poi: i, kind: points.kind[i], name: names[points.name[i]], lon: points.lon[i], lat: points.lat[i], eleMeters: points.eleMeters[i],
        osmType: points.osmType[i], osmId: points.osmId[i], distanceMeters: near.offsetMeters[k], alongMeters: near.alongMeters[k],
      });
    }
    return out.sort((a, b) => a.alongMeters - b.alongMeters);
  };
  const viewpoints = pointsNear(params.viewpointMaxMeters, [POI_VIEWPOINT, POI_OBSERVATION_TOWER]);
  const passes = pointsNear(params.passMaxMeters, [POI_PASS, POI_SADDLE]);
  const peaks: PeakNear[] = pointsNear(params.peakMaxMeters, [POI_PEAK, POI_VOLCANO])
    .filter((p) => Number.isFinite(p.eleMeters))
    .map((p) => ({ ...p, routeEleMeters: routeEleAt(p.alongMeters) }));

  // Samples every step along the line.
  const water = new TallyBuilder(pois), green = new TallyBuilder(pois), urban = new TallyBuilder(pois);
  const fast = new TallyBuilder(pois), minor = new TallyBuilder(pois), scenic = new TallyBuilder(pois);
  let matched = 0;
  const hit = emptySegmentHit();
  const waterReach = Math.max(params.riverMeters, params.waterAreaMeters);
  const acceptWater = (s: number, d: number): boolean => d <= index.waterRadius(s);
  const { kind, flags } = pois.shapes;
  const sampleCount = forEachSample(coords, params.sampleStepMeters, (lon, lat) => {
    const inWater = index.waterAreas.containing(lon, lat);
    if (inWater >= 0) water.add(inWater, 0);
    else if (index.water.nearest(lon, lat, waterReach, hit, acceptWater).shape >= 0) water.add(hit.shape, hit.distanceMeters);
    const inGreen = index.green.containing(lon, lat);
    if (inGreen >= 0) green.add(inGreen, 0);
    const inUrban = index.urban.containing(lon, lat);
    if (inUrban >= 0) urban.add(inUrban, 0);
    if (index.roads.nearest(lon, lat, params.roadMatchMeters, hit).shape >= 0) {
      matched++;
      const road = hit.shape;
      if (kind[road] === SHAPE_ROAD_FAST) fast.add(road, hit.distanceMeters);
      else if (kind[road] === SHAPE_ROAD_MINOR) minor.add(road, hit.distanceMeters);
      if (flags[road] & SHAPE_FLAG_SCENIC) scenic.add(road, hit.distanceMeters);
    }
  });

  let elevationMeasure: ScenicElevation | null = null;
  if (elevation) {
    const stats = elevationStats(elevation.elevationMeters, params.hysteresisMeters);
    if (stats.validCount > 0) {
      elevationMeasure = { ascentMeters: stats.ascentMeters, descentMeters: stats.descentMeters, maxMeters: stats.maxMeters, minMeters: stats.minMeters };
    }
  }
  const layers = pois.layers;
  return {
    lengthMeters, sampleCount, layers,
    viewpoints: layers & LAYER_VIEWPOINTS ? viewpoints : [],
    passes: layers & LAYER_PASSES ? passes : [],
    peaks: layers & LAYER_PEAKS ? peaks : [],
    water: water.build(), green: green.build(), urban: urban.build(),
    roads: { fast: fast.build(), minor: minor.build(), scenic: scenic.build(), matched },
    elevation: elevationMeasure,
  };
}

/**
 * Measures of consecutive pieces of one drive (legs, track segments) as one: lengths, samples and
 * climbing add up; each feature is listed once, at its nearest approach (along distances are
 * shifted to the whole drive). All pieces must have been measured against the same `PoiSet`.
 */
export function mergeScenicMeasures(pieces: readonly ScenicMeasures[]): ScenicMeasures {
  if (pieces.length === 1) return pieces[0];
  const offsets: number[] = [];
  let lengthMeters = 0, sampleCount = 0, matched = 0;
  let layers = pieces.length > 0 ? -1 : 0;
  for (const piece of pieces) {
    offsets.push(lengthMeters);
    lengthMeters += piece.lengthMeters;
    sampleCount += piece.sampleCount;
    matched += piece.roads.matched;
    layers &= piece.layers;
  }
  const mergePoints = <T extends PointNear>(pick: (m: ScenicMeasures) => T[]): T[] => {
    const best = new Map<number, T>();
    pieces.forEach((piece, p) => {
      for (const item of pick(piece)) {
        const known = best.get(item.poi);
        if (!known || item.distanceMeters < known.distanceMeters) best.set(item.poi, { ...item, alongMeters: item.alongMeters + offsets[p] });
      }
    });
    return [...best.values()].sort((a, b) => a.alongMeters - b.alongMeters);
  };
  const mergeTallies = (pick: (m: ScenicMeasures) => SampleTally): SampleTally => {
    const byShape = new Map<number, ShapeTally>();
    let samples = 0;
    for (const piece of pieces) {
      const tally = pick(piece);
      samples += tally.samples;
      for (const shape of tally.shapes) {
        const known = byShape.get(shape.shape);
        if (!known) byShape.set(shape.shape, { ...shape });
        else {
          known.samples += shape.samples;
          known.minDistanceMeters = Math.min(known.minDistanceMeters, shape.minDistanceMeters);
        }
      }
    }
    return { samples, shapes: sortTallies([...byShape.values()]) };
  };
  let elevation: ScenicElevation | null = null;
  for (const piece of pieces) {
    const e = piece.elevation;
    if (!e) continue;
    if (!elevation) elevation = { ...e };
    else {
      elevation.ascentMeters += e.ascentMeters;
      elevation.descentMeters += e.descentMeters;
      elevation.maxMeters = Math.max(elevation.maxMeters, e.maxMeters);
      elevation.minMeters = Math.min(elevation.minMeters, e.minMeters);
    }
  }
  return {
    lengthMeters, sampleCount, layers: layers < 0 ? 0 : layers,
    viewpoints: mergePoints((m) => m.viewpoints),
    passes: mergePoints((m) => m.passes),
    peaks: mergePoints((m) => m.peaks),
    water: mergeTallies((m) => m.water), green: mergeTallies((m) => m.green), urban: mergeTallies((m) => m.urban),
    roads: { fast: mergeTallies((m) => m.roads.fast), minor: mergeTallies((m) => m.roads.minor), scenic: mergeTallies((m) => m.roads.scenic), matched },
    elevation,
  };
}

/**
 * Calls `visit(lon, lat)` at 0, step, 2·step… metres along the line and at its end (the end once,
 * even when it falls on a step); returns the number of samples. Non-finite vertices are skipped.
 */
export function forEachSample(coords: LonLatArray, stepMeters: number, visit: (lon: number, lat: number) => void): number {
  const clean = finiteLine(coords);
  const n = clean.length >> 1;
  if (n === 0) return 0;
  if (n === 1) {
    visit(clean[0], clean[1]);
    return 1;
  }
  const cumulative = cumulativeMeters(clean);
  const total = cumulative[n - 1];
  let count = 0;
  let segment = 0;
  for (let k = 0; k * stepMeters < total - 1e-6; k++) {
    const d = k * stepMeters;
    while (segment < n - 2 && cumulative[segment + 1] < d) segment++;
    const len = cumulative[segment + 1] - cumulative[segment];
    const t = len > 0 ? (d - cumulative[segment]) / len : 0;
    visit(clean[2 * segment] + (clean[2 * segment + 2] - clean[2 * segment]) * t, clean[2 * segment + 1] + (clean[2 * segment + 3] - clean[2 * segment + 1]) * t);
    count++;
  }
  visit(clean[2 * n - 2], clean[2 * n - 1]);
  return count + 1;
}

class TallyBuilder {
  private readonly byShape = new Map<number, ShapeTally>();
  private samples = 0;

  constructor(private readonly pois: PoiSet) {}

  add(shape: number, distanceMeters: number): void {
    this.samples++;
    const known = this.byShape.get(shape);
    if (known) {
      known.samples++;
      if (distanceMeters < known.minDistanceMeters) known.minDistanceMeters = distanceMeters;
      return;
    }
    const { shapes, names } = this.pois;
    this.byShape.set(shape, {
      shape, kind: shapes.kind[shape], name: names[shapes.name[shape]], detail: names[shapes.detail[shape]],
      osmType: shapes.osmType[shape], osmId: shapes.osmId[shape], samples: 1, minDistanceMeters: distanceMeters,
    });
  }

  build(): SampleTally {
    return { samples: this.samples, shapes: sortTallies([...this.byShape.values()]) };
  }
}

function sortTallies(tallies: ShapeTally[]): ShapeTally[] {
  return tallies.sort((a, b) => b.samples - a.samples || a.minDistanceMeters - b.minDistanceMeters || a.shape - b.shape);
}

/** Linear interpolation of `values` at `at` over ascending `xs`; NaN neighbours fall back to the other one. */
function interpolate(xs: ArrayLike<number>, values: ArrayLike<number>, at: number): number {
  const n = Math.min(xs.length, values.length);
  if (n === 0) return NaN;
  if (at <= xs[0]) return values[0];
  if (at >= xs[n - 1]) return values[n - 1];
  let lo = 0, hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= at) lo = mid;
    else hi = mid;
  }
  const a = values[lo], b = values[hi];
  if (Number.isNaN(a)) return b;
  if (Number.isNaN(b)) return a;
  const span = xs[hi] - xs[lo];
  return span > 0 ? a + ((b - a) * (at - xs[lo])) / span : a;
}

function finiteLine(coords: LonLatArray): LonLatArray {
  const n = coords.length >> 1;
  let finite = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(coords[2 * i]) && Number.isFinite(coords[2 * i + 1])) finite++;
  if (finite === n) return coords.subarray(0, 2 * n);
  const out = new Float64Array(2 * finite);
  let at = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(coords[2 * i]) || !Number.isFinite(coords[2 * i + 1])) continue;
    out[at++] = coords[2 * i];
    out[at++] = coords[2 * i + 1];
  }
  return out;
}
