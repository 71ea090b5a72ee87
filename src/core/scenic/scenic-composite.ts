/**
 * The transparent scenic composite (scoring-spec §3.4): eight 0–100 sub-scores with fixed weights
 * plus a capped bonus for roads signed scenic. Every part carries its inputs, its formula and the
 * features behind it (name, kind, distance from the road, credit), so the UI and the CLI can show
 * why a drive scored what it did.
 *
 * Missing data: a part whose data was not loaded (no elevation for relief and peaks, a feature
 * layer the source did not provide) is marked `available: false` and the weights of the available
 * parts are scaled up to sum to 1, so a drive is not called dull for lack of data. With every
 * part available this is exactly the spec's weighted sum.
 */
import { countOf } from '../format';
import { haversineMeters } from '../geometry/earth';
import {
  LAYER_GREEN, LAYER_PASSES, LAYER_PEAKS, LAYER_ROADS, LAYER_URBAN, LAYER_VIEWPOINTS, LAYER_WATER, poiKindName,
} from '../pois/poi-kinds';
import { OSM_NODE, OSM_RELATION } from '../pois/poi-set';
import type { PeakNear, PointNear, SampleTally, ScenicMeasures } from './measure-scenic';
import { resolveScenicParameters, sat, type ScenicOptions, type ScenicParameters, type ScenicWeights } from './scenic-params';

export type ScenicPartId = keyof ScenicWeights;

/** One feature behind a sub-score. */
export interface ScenicItem {
  /** "viewpoint", "pass", "peak", "river", "forest"… */
  kind: string;
  name: string;
  /** Distance from the road (m); 0 inside an area. */
  distanceMeters: number;
  /** Where along the route it is closest (m); absent for area and line tallies. */
  alongMeters?: number;
  /** The feature's elevation (peaks, passes; m). */
  eleMeters?: number;
  /** Height above the route at the nearest point (peaks; m). */
  aboveRouteMeters?: number;
  /** Credit this feature adds to its part's sum (viewpoints, peaks), or 1/0 for counted/not (passes). */
  contribution?: number;
  /** Route samples it accounts for (water, green, urban, roads). */
  samples?: number;
  /** Viewpoint or pass cluster it belongs to (features within the merge distance of each other). */
  cluster?: number;
  /** Whether it adds to the score (a cluster's weaker members, low peaks and far features do not). */
  counted: boolean;
  /** Why it does or does not count, when that is not obvious from the numbers. */
  note?: string;
  /** "node" | "way" | "relation" and id, for a link to openstreetmap.org. */
  osm: { type: 'node' | 'way' | 'relation'; id: number };
}

export interface ScenicPart {
  id: ScenicPartId | 'bonus';
  label: string;
  /** 0–100 (the bonus: 0–`scenicBonusPoints` points). */
  score: number;
  /** The spec weight. */
  weight: number;
  /** The weight actually applied (renormalised over available parts; 0 when unavailable). */
  effectiveWeight: number;
  available: boolean;
  /** The measured quantities the formula uses, by the spec's names (V, V100, P, K100, f_w…). */
  inputs: Record<string, number>;
  /** The formula, with the reference constants filled in. */
  formula: string;
  /** One line for people, derived from `inputs` and `items`. */
  summary: string;
  items: ScenicItem[];
}

export interface ScenicScore {
  /** 0–100: Σ effectiveWeight·score + bonus, capped at 100; null when no part had data. */
  scenic: number | null;
  /** Σ effectiveWeight·score before the bonus. */
  base: number;
  lengthKm: number;
  /** L* = max(L, minLengthKm): the length the per-100 km densities divide by. */
  effectiveLengthKm: number;
  parts: ScenicPart[];
  bonus: ScenicPart;
}

const LABELS: Record<ScenicPartId, string> = {
  view: 'Viewpoints', pass: 'Mountain passes', peak: 'Peaks in view', water: 'Water', green: 'Natural landscape',
  relief: 'Relief', roads: 'Road types', rural: 'Countryside',
};

/** Scores measures with the §3.4 composite (see the module comment for missing data). */
export function scenicFromMeasures(measures: ScenicMeasures, options?: ScenicOptions): ScenicScore {
  const p = resolveScenicParameters(options);
  const lengthKm = measures.lengthMeters / 1000;
  const lStar = Math.max(lengthKm, p.minLengthKm);
  const n = measures.sampleCount;
  const share = (count: number): number => (n > 0 ? count / n : 0);
  const has = (layer: number): boolean => (measures.layers & layer) !== 0;
  const elevation = measures.elevation;

  const parts: ScenicPart[] = [
    viewPart(measures.viewpoints, lStar, p, has(LAYER_VIEWPOINTS)),
    passPart(measures.passes, p, has(LAYER_PASSES)),
    peakPart(measures.peaks, lStar, p, has(LAYER_PEAKS) && elevation !== null),
    sharePart('water', p.weights.water, share(measures.water.samples), p.waterRefShare, measures.water, n, has(LAYER_WATER),
      `samples within ${p.riverMeters} m of a river or canal, or ${p.waterAreaMeters} m of a lake ≥ ${p.minWaterAreaSquareMeters / 10_000} ha, bay or coastline`),
    sharePart('green', p.weights.green, share(measures.green.samples), p.greenRefShare, measures.green, n, has(LAYER_GREEN),
      'samples inside forest, natural landscape or protected areas'),
    reliefPart(elevation, lengthKm, p),
    roadsPart(measures, p, has(LAYER_ROADS)),
    ruralPart(measures, p, has(LAYER_URBAN)),
  ];

  const availableWeight = parts.reduce((sum, part) => sum + (part.available ? part.weight : 0), 0);
  let base = 0;
  for (const part of parts) {
    part.effectiveWeight = part.available && availableWeight > 0 ? part.weight / availableWeight : 0;
    base += part.effectiveWeight * part.score;
  }
  const bonus = bonusPart(measures, p, has(LAYER_ROADS));
  const scenic = availableWeight > 0 ? Math.min(100, base + (bonus.available ? bonus.score : 0)) : null;
  return { scenic, base, lengthKm, effectiveLengthKm: lStar, parts, bonus };
}

/** Drive score = α·S_curve + (1 − α)·S_scenic (scoring-spec §3.4), α = `curveShare` (default 0.5). */
export function driveScore(curviness: number, scenic: number, curveShare = 0.5): number {
  return curveShare * curviness + (1 - curveShare) * scenic;
}

function viewPart(viewpoints: readonly PointNear[], lStar: number, p: ScenicParameters, available: boolean): ScenicPart {
  const credit = (d: number): number => d <= p.viewpointFullMeters ? 1 : d < p.viewpointMaxMeters ? (p.viewpointMaxMeters - d) / (p.viewpointMaxMeters - p.viewpointFullMeters) : 0;
  const cluster = clusters(viewpoints, p.viewpointClusterMeters);
  const best = new Map<number, number>();
  viewpoints.forEach((v, i) => {
    const c = credit(v.distanceMeters);
    const known = best.get(cluster[i]);
    if (known === undefined || c > credit(viewpoints[known].distanceMeters)) best.set(cluster[i], i);
  });
  let sum = 0;
  for (const i of best.values()) sum += credit(viewpoints[i].distanceMeters);
  const v100 = (100 * sum) / lStar;
  const items = viewpoints.map((v, i): ScenicItem => {
    const c = credit(v.distanceMeters);
    const counted = c > 0 && best.get(cluster[i]) === i;
    return {
      ...pointItem(v), contribution: c, cluster: cluster[i], counted,
      note: c === 0 ? `more than ${p.viewpointMaxMeters} m from the road` : counted ? undefined : 'a nearer viewpoint of the same cluster counts instead',
    };
  });
  const countedItems = items.filter((item) => item.counted);
  return {
    id: 'view', label: LABELS.view, score: 100 * sat(v100, p.viewpointRefPer100Km), weight: p.weights.view, effectiveWeight: 0, available,
    inputs: { V: sum, V100: v100, clusters: best.size, Lstar: lStar },
    formula: `100·sat(V100, ${p.viewpointRefPer100Km}); V = Σ best credit per cluster (${p.viewpointClusterMeters} m), credit 1 up to ${p.viewpointFullMeters} m, 0 at ${p.viewpointMaxMeters} m; V100 = 100·V/L*`,
    summary: available
      ? countedItems.length > 0 ? `${countOf(countedItems.length, 'viewpoint')} near the road: ${describe(countedItems)}` : 'no viewpoint within 1 km of the road'
      : 'viewpoints not loaded',
    items,
  };
}

function passPart(passes: readonly PointNear[], p: ScenicParameters, available: boolean): ScenicPart {
  const cluster = clusters(passes, p.passDistinctMeters);
  const first = new Map<number, number>();
  passes.forEach((pass, i) => {
    const known = first.get(cluster[i]);
    if (known === undefined || pass.distanceMeters < passes[known].distanceMeters) first.set(cluster[i], i);
  });
  const count = first.size;
  const items = passes.map((pass, i): ScenicItem => {
    const counted = first.get(cluster[i]) === i;
    return { ...pointItem(pass), contribution: counted ? 1 : 0, cluster: cluster[i], counted, note: counted ? undefined : `within ${p.passDistinctMeters} m of another pass: counted once` };
  });
  return {
    id: 'pass', label: LABELS.pass, score: 100 * (1 - Math.pow(p.passBase, count)), weight: p.weights.pass, effectiveWeight: 0, available,
    inputs: { P: count },
    formula: `100·(1 − ${p.passBase}^P); P = passes within ${p.passMaxMeters} m of the route, ${p.passDistinctMeters} m apart`,
    summary: available ? count > 0 ? `over ${describe(items.filter((item) => item.counted))}` : 'no pass on the route' : 'passes not loaded',
    items,
  };
}

function peakPart(peaks: readonly PeakNear[], lStar: number, p: ScenicParameters, available: boolean): ScenicPart {
  const credit = (d: number): number => d <= p.peakFullMeters ? 1 : d < p.peakMaxMeters ? (p.peakMaxMeters - d) / (p.peakMaxMeters - p.peakFullMeters) : 0;
  let sum = 0;
  const items = peaks.map((peak): ScenicItem => {
    const above = peak.eleMeters - peak.routeEleMeters;
    const tall = Number.isFinite(above) && above >= p.peakMinAboveRouteMeters;
    const c = tall ? credit(peak.distanceMeters) : 0;
    sum += c;
    return {
      ...pointItem(peak), aboveRouteMeters: above, contribution: c, counted: c > 0,
      note: !Number.isFinite(above) ? 'route elevation unknown' : tall ? undefined : `rises less than ${p.peakMinAboveRouteMeters} m above the road`,
    };
  });
  const k100 = (100 * sum) / lStar;
  const counted = items.filter((item) => item.counted).sort((a, b) => (b.contribution ?? 0) - (a.contribution ?? 0));
  return {
    id: 'peak', label: LABELS.peak, score: available ? 100 * sat(k100, p.peakRefPer100Km) : 0, weight: p.weights.peak, effectiveWeight: 0, available,
    inputs: { K: sum, K100: k100, Lstar: lStar },
    formula: `100·sat(K100, ${p.peakRefPer100Km}); K = Σ credit of peaks ≥ ${p.peakMinAboveRouteMeters} m above the road, 1 up to ${p.peakFullMeters / 1000} km, 0 at ${p.peakMaxMeters / 1000} km; K100 = 100·K/L*`,
    summary: available ? counted.length > 0 ? `${countOf(counted.length, 'peak')} towering over the road: ${describe(counted.slice(0, 5))}` : 'no peak towering over the road within 5 km' : 'needs peaks and elevation data',
    items,
  };
}

function sharePart(id: 'water' | 'green', weight: number, f: number, ref: number, tally: SampleTally, n: number, available: boolean, what: string): ScenicPart {
  const label = LABELS[id];
  return {
    id, label, score: 100 * sat(f, ref), weight, effectiveWeight: 0, available,
    inputs: { [id === 'water' ? 'f_w' : 'f_g']: f, samples: tally.samples, sampleCount: n },
    formula: `100·sat(${id === 'water' ? 'f_w' : 'f_g'}, ${ref}); share of ${what}`,
    summary: available ? `${Math.round(100 * f)} % of the route${tally.shapes.length > 0 ? `: ${describeTallies(tally)}` : ''}` : `${label.toLowerCase()} not loaded`,
    items: tallyItems(tally),
  };
}

function reliefPart(elevation: ScenicMeasures['elevation'], lengthKm: number, p: ScenicParameters): ScenicPart {
  const a = elevation && lengthKm > 0 ? elevation.ascentMeters / lengthKm : 0;
  const dh = elevation ? elevation.maxMeters - elevation.minMeters : 0;
  return {
    id: 'relief', label: LABELS.relief, score: elevation ? 100 * (0.5 * sat(a, p.ascentRefPerKm) + 0.5 * sat(dh, p.reliefRefMeters)) : 0,
    weight: p.weights.relief, effectiveWeight: 0, available: elevation !== null,
    inputs: elevation ? { a, dh, ascentMeters: elevation.ascentMeters, descentMeters: elevation.descentMeters, maxMeters: elevation.maxMeters, minMeters: elevation.minMeters } : {},
    formula: `100·(0.5·sat(a, ${p.ascentRefPerKm}) + 0.5·sat(Δh, ${p.reliefRefMeters})); a = ascent per km (hysteresis ${p.hysteresisMeters} m), Δh = max − min elevation`,
    summary: elevation ? `${Math.round(elevation.ascentMeters)} m of climbing (${a.toFixed(1)} m/km), ${Math.round(dh)} m between lowest and highest point` : 'needs elevation data',
    items: [],
  };
}

function roadsPart(m: ScenicMeasures, p: ScenicParameters, available: boolean): ScenicPart {
  const n = m.sampleCount;
  const fFast = n > 0 ? m.roads.fast.samples / n : 0;
  const fMinor = n > 0 ? m.roads.minor.samples / n : 0;
  return {
    id: 'roads', label: LABELS.roads, score: 100 * (1 - sat(fFast, p.fastRefShare)) * (0.5 + 0.5 * sat(fMinor, p.minorRefShare)),
    weight: p.weights.roads, effectiveWeight: 0, available,
    inputs: { f_fast: fFast, f_minor: fMinor, matchedSamples: m.roads.matched, sampleCount: n },
    formula: `100·(1 − sat(f_fast, ${p.fastRefShare}))·(0.5 + 0.5·sat(f_minor, ${p.minorRefShare})); f_fast = share on motorway/trunk, f_minor = share on secondary/tertiary/unclassified`,
    summary: available ? `${Math.round(100 * fFast)} % on motorways or trunk roads, ${Math.round(100 * fMinor)} % on minor roads` : 'roads not loaded',
    items: [...tallyItems(m.roads.fast), ...tallyItems(m.roads.minor)],
  };
}

function ruralPart(m: ScenicMeasures, p: ScenicParameters, available: boolean): ScenicPart {
  const fUrban = m.sampleCount > 0 ? m.urban.samples / m.sampleCount : 0;
  return {
    id: 'rural', label: LABELS.rural, score: 100 * (1 - sat(fUrban, p.urbanRefShare)), weight: p.weights.rural, effectiveWeight: 0, available,
    inputs: { f_u: fUrban, samples: m.urban.samples, sampleCount: m.sampleCount },
    formula: `100·(1 − sat(f_u, ${p.urbanRefShare})); f_u = share of samples in residential/commercial/industrial/retail landuse`,
    summary: available ? `${Math.round(100 * fUrban)} % through built-up areas` : 'built-up areas not loaded',
    items: tallyItems(m.urban),
  };
}

function bonusPart(m: ScenicMeasures, p: ScenicParameters, available: boolean): ScenicPart {
  const f = m.sampleCount > 0 ? m.roads.scenic.samples / m.sampleCount : 0;
  return {
    id: 'bonus', label: 'Signed scenic roads', score: available ? p.scenicBonusPoints * sat(f, p.scenicRefShare) : 0, weight: 0, effectiveWeight: 0, available,
    inputs: { f_scenic: f },
    formula: `+${p.scenicBonusPoints}·sat(f_scenic, ${p.scenicRefShare}) points; f_scenic = share on scenic=yes roads`,
    summary: available ? f > 0 ? `${Math.round(100 * f)} % on roads signed scenic` : 'no road signed scenic' : 'roads not loaded',
    items: tallyItems(m.roads.scenic),
  };
}

/** Single-link clusters: features closer than `meters` to each other (directly or through others) share a cluster number. */
function clusters(points: readonly PointNear[], meters: number): number[] {
  const parent = points.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      if (haversineMeters(points[i].lon, points[i].lat, points[j].lon, points[j].lat) < meters) parent[root(j)] = root(i);
    }
  }
  const numbers = new Map<number, number>();
  return points.map((_, i) => {
    const r = root(i);
    let k = numbers.get(r);
    if (k === undefined) numbers.set(r, (k = numbers.size));
    return k;
  });
}

function pointItem(point: PointNear): Omit<ScenicItem, 'counted'> {
  return {
    kind: poiKindName(point.kind), name: point.name, distanceMeters: point.distanceMeters, alongMeters: point.alongMeters,
    ...(Number.isFinite(point.eleMeters) ? { eleMeters: point.eleMeters } : {}),
    osm: osmRef(point.osmType, point.osmId),
  };
}

function tallyItems(tally: SampleTally): ScenicItem[] {
  return tally.shapes.map((shape) => ({
    kind: shape.detail || poiKindName(shape.kind), name: shape.name, distanceMeters: shape.minDistanceMeters, samples: shape.samples,
    counted: true, osm: osmRef(shape.osmType, shape.osmId),
  }));
}

function osmRef(type: number, id: number): ScenicItem['osm'] {
  return { type: type === OSM_NODE ? 'node' : type === OSM_RELATION ? 'relation' : 'way', id };
}

function describe(items: readonly ScenicItem[]): string {
  return items.map((item) => `${item.name || `unnamed ${item.kind}`} (${Math.round(item.distanceMeters)} m)`).join(', ');
}

function describeTallies(tally: SampleTally): string {
  // Named features one by one, unnamed ones grouped by what they are ("coastline ×6").
  const labels: string[] = [];
  const unnamed = new Map<string, number>();
  for (const shape of tally.shapes) {
    const what = shape.detail || poiKindName(shape.kind);
    if (shape.name) labels.push(`${shape.name} (${what})`);
    else unnamed.set(what, (unnamed.get(what) ?? 0) + 1);
  }
  for (const [what, count] of unnamed) labels.push(count > 1 ? `${what} ×${count}` : what);
  return labels.slice(0, 4).join(', ') + (labels.length > 4 ? ` and ${labels.length - 4} more` : '');
}

