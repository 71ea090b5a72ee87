/**
 * scoring-spec §4.4 scenic examples: a 50 km straight route at 45°N (recipe of §4.1), climbing
 * 1000 → 1600 m over 30 km and down to 1300 m, with an 8 m ripple every kilometre, sampled every
 * 50 m; viewpoints, a pass and peaks at known offsets. First the composite formula on the spec's
 * own inputs (exact to the spec's two decimals), then the whole measuring pipeline on geometry
 * built from the same recipe.
 */
import { describe, expect, test } from 'vitest';
import { elevationStats } from '../../../src/core/elevation/elevation-stats';
import {
  ALL_LAYERS, POI_PASS, POI_PEAK, POI_VIEWPOINT, PoiSetBuilder, SHAPE_GREEN_AREA, SHAPE_RIVER, SHAPE_ROAD_FAST, SHAPE_ROAD_MINOR,
  SHAPE_URBAN_AREA, OSM_NODE, OSM_WAY,
} from '../../../src/core/pois';
import {
  driveScore, measureScenic, scenicFromMeasures, type PeakNear, type PointNear, type ScenicMeasures, type ScenicScore,
} from '../../../src/core/scenic';
import { curvinessFromPerKm } from '../../../src/core/scoring/curvature-score';

const R = 6_371_008.8;
const DEG = 180 / Math.PI;
/** §4.1: local metres (x east, y north) → [lon, lat] around (7, 45). */
const toLonLat = (x: number, y: number): [number, number] => [7 + DEG * (x / (R * Math.cos(45 / DEG))), 45 + DEG * (y / R)];

/** §4.4 elevation at x metres along the route. */
const elevationAt = (x: number): number => (x <= 30_000 ? 1000 + (600 * x) / 30_000 : 1600 - (300 * (x - 30_000)) / 20_000) + 8 * Math.sin((2 * Math.PI * x) / 1000);

/** The route: a vertex every 50 m, and its elevation profile at the same samples. */
function route(): { coords: Float64Array; profile: { distanceMeters: Float64Array; elevationMeters: Float64Array } } {
  const n = 1001;
  const coords = new Float64Array(2 * n);
  const distanceMeters = new Float64Array(n);
  const elevationMeters = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const [lon, lat] = toLonLat(50 * k, 0);
    coords[2 * k] = lon;
    coords[2 * k + 1] = lat;
    distanceMeters[k] = 50 * k;
    elevationMeters[k] = elevationAt(50 * k);
  }
  return { coords, profile: { distanceMeters, elevationMeters } };
}

const VIEWPOINTS: [number, number][] = [[5000, 100], [5100, 80], [12_000, 600], [15_000, 2000]];
const PEAKS: [number, number, number][] = [[8000, 1500, 2500], [9000, 1000, 1600], [3000, 4000, 3000]];
const PASS_AT = 30_000;

function pointNear(kind: number, x: number, offset: number, ele = NaN): PointNear {
  const [lon, lat] = toLonLat(x, offset);
  return { poi: Math.round(x + offset), kind, name: '', lon, lat, eleMeters: ele, osmType: OSM_NODE, osmId: 0, distanceMeters: offset, alongMeters: x };
}

const tally = (samples: number) => ({ samples, shapes: [] });

/** The spec's inputs as measures: shares over 50 samples (f = k/50), points at their offsets. */
function specMeasures(): ScenicMeasures {
  const { profile } = route();
  const stats = elevationStats(profile.elevationMeters, 5);
  return {
    lengthMeters: 50_000, sampleCount: 50, layers: ALL_LAYERS,
    viewpoints: VIEWPOINTS.filter(([, d]) => d <= 1000).map(([x, d]) => pointNear(POI_VIEWPOINT, x, d)),
    passes: [pointNear(POI_PASS, PASS_AT, 0, 1600)],
    peaks: PEAKS.map(([x, d, ele]): PeakNear => ({ ...pointNear(POI_PEAK, x, d, ele), routeEleMeters: elevationAt(x) })),
    water: tally(6), green: tally(10), urban: tally(1),
    roads: { fast: tally(2), minor: tally(48), scenic: tally(0), matched: 50 },
    elevation: { ascentMeters: stats.ascentMeters, descentMeters: stats.descentMeters, maxMeters: stats.maxMeters, minMeters: stats.minMeters },
  };
}

const partScores = (score: ScenicScore): Record<string, number> => Object.fromEntries(score.parts.map((p) => [p.id, Number(p.score.toFixed(2))]));

describe('§4.4 intermediate values', () => {
  test('hysteresis ascent 879.8 m, descent 581.0 m, Δh 604.6 m', () => {
    const stats = elevationStats(route().profile.elevationMeters, 5);
    expect(stats.ascentMeters).toBeCloseTo(879.8, 1);
    expect(stats.descentMeters).toBeCloseTo(581.0, 1);
    expect(stats.maxMeters - stats.minMeters).toBeCloseTo(604.6, 1);
  });
});

describe('§4.4 composite on the spec\'s inputs', () => {
  const score = scenicFromMeasures(specMeasures());

  test('sub-scores 49.02 / 60.00 / 46.67 / 48.00 / 33.33 / 72.98 / 80.00 / 96.00', () => {
    expect(partScores(score)).toEqual({ view: 49.02, pass: 60, peak: 46.67, water: 48, green: 33.33, relief: 72.98, roads: 80, rural: 96 });
  });

  test('intermediates: V = 1.471 from clusters 1.0, 0.471, 0; V100 = 2.941; K = 2.333', () => {
    const view = score.parts.find((p) => p.id === 'view');
    expect(view?.inputs.V).toBeCloseTo(1.471, 3);
    expect(view?.inputs.V100).toBeCloseTo(2.941, 3);
    expect(view?.inputs.clusters).toBe(2);
    expect(view?.items.map((i) => [i.cluster, Number((i.contribution ?? 0).toFixed(3)), i.counted])).toEqual([[0, 1, true], [0, 1, false], [1, 0.471, true]]);
    const peak = score.parts.find((p) => p.id === 'peak');
    expect(peak?.inputs.K).toBeCloseTo(2.333, 3);
    expect(peak?.items.every((i) => i.counted)).toBe(true);
  });

  test('S_scenic = 56.42; with C = 9000 over 50 km, S_curve = 45 and the drive score 50.71', () => {
    expect(score.scenic).toBeCloseTo(56.42, 2);
    expect(score.parts.every((p) => p.available && p.effectiveWeight === p.weight)).toBe(true);
    const sCurve = curvinessFromPerKm(9000 / 50);
    expect(sCurve).toBe(45);
    expect(driveScore(sCurve, score.scenic ?? NaN)).toBeCloseTo(50.71, 2);
  });

  test('control route: flat at 200 m, no features, f_fast 0.6, f_minor 0.2, f_urban 0.3, f_green 0.05 → 3.25', () => {
    const control: ScenicMeasures = {
      lengthMeters: 50_000, sampleCount: 100, layers: ALL_LAYERS, viewpoints: [], passes: [], peaks: [],
      water: tally(0), green: tally(5), urban: tally(30),
      roads: { fast: tally(60), minor: tally(20), scenic: tally(0), matched: 100 },
      elevation: { ascentMeters: 0, descentMeters: 0, maxMeters: 200, minMeters: 200 },
    };
    const controlScore = scenicFromMeasures(control);
    expect(partScores(controlScore)).toEqual({ view: 0, pass: 0, peak: 0, water: 0, green: 8.33, relief: 0, roads: 0, rural: 40 });
    expect(controlScore.scenic).toBeCloseTo(3.25, 2);
  });
});

describe('§4.4 through the measuring pipeline', () => {
  /** The spec's features as a PoiSet: points at their offsets, and lines/areas giving the spec's shares. */
  function specPois() {
    const b = new PoiSetBuilder();
    VIEWPOINTS.forEach(([x, y], i) => b.addPoint(POI_VIEWPOINT, ...toLonLat(x, y), NaN, `viewpoint ${i + 1}`, OSM_NODE, i + 1));
    b.addPoint(POI_PASS, ...toLonLat(PASS_AT, 0), 1600, 'the pass', OSM_NODE, 10);
    PEAKS.forEach(([x, y, ele], i) => b.addPoint(POI_PEAK, ...toLonLat(x, y), ele, `peak ${i + 1}`, OSM_NODE, 20 + i));
    const line = (x0: number, x1: number, y: number) => Float64Array.from([...toLonLat(x0, y), ...toLonLat(x1, y)]);
    const box = (x0: number, x1: number, h: number) => Float64Array.from([
      ...toLonLat(x0, -h), ...toLonLat(x1, -h), ...toLonLat(x1, h), ...toLonLat(x0, h), ...toLonLat(x0, -h)]);
    b.addShape(SHAPE_RIVER, 0, 'the river', 'river', OSM_WAY, 100, 0, [line(10_000, 16_000, 100)]); // 6 km within 150 m
    b.addShape(SHAPE_GREEN_AREA, 0, 'the forest', 'forest', OSM_WAY, 101, 1e7, [box(19_975, 30_025, 500)]); // 10 km inside (edges between samples)
    b.addShape(SHAPE_URBAN_AREA, 0, 'the village', 'residential', OSM_WAY, 102, 1e6, [box(39_975, 41_025, 500)]); // 1 km inside
    b.addShape(SHAPE_ROAD_FAST, 0, '', 'trunk', OSM_WAY, 103, 0, [line(0, 2025, 0)]); // 2 km
    b.addShape(SHAPE_ROAD_MINOR, 0, '', 'secondary', OSM_WAY, 104, 0, [line(2025, 50_000, 0)]); // 48 km
    return b.build(ALL_LAYERS, null);
  }

  const { coords, profile } = route();
  const measures = measureScenic(coords, specPois(), { elevation: profile });
  const score = scenicFromMeasures(measures);

  test('finds the viewpoints, the pass and the peaks at their offsets', () => {
    expect(measures.lengthMeters).toBeCloseTo(50_000, 0);
    expect(measures.sampleCount).toBe(1001);
    expect(measures.viewpoints.map((v) => Math.round(v.distanceMeters))).toEqual([100, 80, 600]);
    expect(measures.viewpoints.map((v) => Math.round(v.alongMeters))).toEqual([5000, 5100, 12_000]);
    expect(measures.passes.map((p) => p.name)).toEqual(['the pass']);
    expect(measures.peaks.map((p) => [Math.round(p.distanceMeters), Math.round(p.routeEleMeters)])).toEqual([[4000, 1060], [1500, 1160], [1000, 1180]]);
  });

  test('point and relief sub-scores equal the spec\'s', () => {
    const scores = partScores(score);
    expect(scores.view).toBeCloseTo(49.02, 1);
    expect(scores.pass).toBe(60);
    expect(scores.peak).toBeCloseTo(46.67, 1);
    expect(scores.relief).toBeCloseTo(72.98, 1);
  });

  test('share parts count exactly the 50 m samples the geometry puts by water, in the forest, in the village, on each road', () => {
    // Samples are at x = 50·k, k = 0…1000, on y = 0. The river (y = 100, x 10–16 km) is within
    // 150 m of x ∈ [10 000 − √(150² − 100²), 16 000 + √(150² − 100²)].
    const reach = Math.sqrt(150 ** 2 - 100 ** 2);
    const count = (from: number, to: number) => Array.from({ length: 1001 }, (_, k) => 50 * k).filter((x) => x >= from && x <= to).length;
    const nearRiver = count(10_000 - reach, 16_000 + reach);
    expect(nearRiver).toBe(125);
    expect(measures.water.samples).toBe(nearRiver);
    expect(measures.green.samples).toBe(count(20_000, 30_000));
    expect(measures.urban.samples).toBe(count(40_000, 41_000));
    expect(measures.roads.matched).toBe(1001);
    expect(measures.roads.fast.samples).toBe(count(0, 2000));
    expect(measures.roads.minor.samples).toBe(count(2050, 50_000));
    const byId = Object.fromEntries(score.parts.map((part) => [part.id, part.score]));
    expect(byId.water).toBeCloseTo(100 * Math.min(1, nearRiver / 1001 / 0.25), 10);
    expect(byId.green).toBeCloseTo(100 * (count(20_000, 30_000) / 1001) / 0.6, 10);
    expect(byId.rural).toBeCloseTo(100 * (1 - count(40_000, 41_000) / 1001 / 0.5), 10);
    // The spec's idealised shares (k/50) are these counts to within the river's rounded ends.
    expect(byId.water).toBeCloseTo(48, -1);
    expect(score.scenic).toBeCloseTo(56.42, 0);
  });

  test('every part names its features with distances', () => {
    const water = score.parts.find((p) => p.id === 'water');
    expect(water?.items).toEqual([expect.objectContaining({ kind: 'river', name: 'the river', samples: 125 })]);
    expect(water?.items[0].distanceMeters).toBeCloseTo(100, 0);
    expect(score.parts.find((p) => p.id === 'pass')?.summary).toBe('over the pass (0 m)');
    const green = score.parts.find((p) => p.id === 'green');
    expect(green?.items[0]).toMatchObject({ kind: 'forest', name: 'the forest', distanceMeters: 0, samples: 201 });
  });
});
