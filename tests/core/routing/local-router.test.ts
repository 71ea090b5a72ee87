/**
 * The local router on real region packs (Andorra, Monaco): seeded random routes checked edge by
 * edge against the OSM data itself (drivable ways only, never against a oneway, every restriction
 * relation obeyed), three named Monaco junctions with turn restrictions, OSRM-shaped steps read by
 * osrm-text-instructions, snapping, avoid options and the curvy profiles.
 */
import { describe, expect, test } from 'vitest';
import { EDGE_LINK_MASK, LINK_FLAG, linkEdges, linkPolyline, NO_EDGE } from '../../../src/core/graph';
import { lineLengthMeters } from '../../../src/core/geometry/earth';
import { stepInstruction } from '../../../src/core/routing/instructions';
import type { LocalRoutePlan } from '../../../src/core/routing/local-router';
import { parseOsrmRoute, toOsrmRouteResponse } from '../../../src/core/routing/osrm-response';
import type { RouteProfile } from '../../../src/core/routing/router';
import { scoreCurvature } from '../../../src/core/scoring';
import type { LonLat } from '../../../src/core/units';
import { type ExtractName, carMayUse, onewayOf, osmFacts, regionPack, routablePairs, regionRouter as router } from '../region/region-test-data';

/** Every problem of a plan against the OSM data: non-drivable ways, wrong-way driving, broken restrictions. */
function osmViolations(name: ExtractName, plan: LocalRoutePlan): string[] {
  const pack = regionPack(name), facts = osmFacts(name), { graph } = pack;
  const problems: string[] = [];
  for (const leg of plan.legs) {
    leg.edges.forEach((edge, i) => {
      const link = graph.edgeLink[edge] & EDGE_LINK_MASK;
      const reversed = graph.edgeLink[edge] !== link;
      const wayId = pack.linkWayIds[link];
      const tags = facts.wayTags.get(wayId) ?? {};
      const use = carMayUse(tags);
      if (!use.ok) problems.push(`uses way ${wayId} (${use.why})`);
      const allowed = onewayOf(tags);
      if ((reversed && !(allowed & 2)) || (!reversed && !(allowed & 1))) problems.push(`drives way ${wayId} against oneway=${tags.oneway ?? ''} junction=${tags.junction ?? ''}`);
      if (i === 0) return;
      const prev = leg.edges[i - 1];
      const via = pack.nodeOsmIds[graph.edgeTarget[prev]];
      const fromWay = pack.linkWayIds[graph.edgeLink[prev] & EDGE_LINK_MASK];
      for (const r of facts.restrictions) {
        if (!r.viaIsNode || r.via !== via || r.from !== fromWay) continue;
        if (r.value.startsWith('no_') && r.to === wayId) problems.push(`turns ${fromWay} → ${wayId} at node ${via} against restriction ${r.id} (${r.value})`);
        if (r.value.startsWith('only_') && r.to !== wayId) problems.push(`turns ${fromWay} → ${wayId} at node ${via}, but restriction ${r.id} says ${r.value} onto ${r.to}`);
      }
    });
  }
  return problems;
}

describe.each(['andorra', 'monaco'] as const)('routes on %s', (name) => {
  const { pairs, unroutable } = routablePairs(name, name === 'andorra' ? 11 : 12, 60);

  test('60 seeded routes per profile use only drivable ways, never against a oneway, obeying every restriction', () => {
    // Monaco has a few private-road islands and one-way traps at the extract's cut edge.
    expect(unroutable).toBeLessThan(pairs.length / 4);
    for (const profile of ['fastest', 'shortest', 'curvy'] as RouteProfile[]) {
      for (const [a, b] of pairs) {
        const plan = router(name).plan({ waypoints: [a, b], profile });
        expect(osmViolations(name, plan), `${profile} ${a.join(',')} → ${b.join(',')}`).toEqual([]);
      }
    }
  });

  test('geometry, distance and steps agree: legs start and end at the snapped points, steps sum to the leg', () => {
    for (const [a, b] of pairs.slice(0, 20)) {
      const { result, snaps } = router(name).plan({ waypoints: [a, b] });
      const n = result.coords.length >> 1;
      expect([result.coords[0], result.coords[1]]).toEqual([snaps[0].lon, snaps[0].lat]);
      expect([result.coords[2 * n - 2], result.coords[2 * n - 1]]).toEqual([snaps[1].lon, snaps[1].lat]);
      expect(Math.abs(result.distanceMeters - lineLengthMeters(result.coords))).toBeLessThan(0.2);
      const leg = result.legs[0];
      expect(leg.steps[0].maneuver.type).toBe('depart');
      expect(leg.steps[leg.steps.length - 1].maneuver.type).toBe('arrive');
      const stepMeters = leg.steps.reduce((s, step) => s + step.distance, 0);
      expect(Math.abs(stepMeters - leg.distance)).toBeLessThanOrEqual(0.05 * leg.steps.length + 0.1);
      for (const step of leg.steps) {
        expect(step.maneuver.bearing_before).toBeGreaterThanOrEqual(0);
        expect(step.maneuver.bearing_after).toBeLessThan(360);
        expect(stepInstruction(step).length).toBeGreaterThan(5);
      }
    }
  });
});

describe('named junctions with turn restrictions (Monaco)', () => {
  const pack = regionPack('monaco');
  const { graph } = pack;
  /** The link of `wayId` that ends or starts at OSM node `viaOsm`, and the graph node. */
  const linkAt = (wayId: number, viaOsm: number): { link: number; via: number } => {
    const via = pack.nodeOsmIds.indexOf(viaOsm);
    for (let l = 0; l < graph.linkCount; l++) {
      if (pack.linkWayIds[l] === wayId && (graph.linkFrom[l] === via || graph.linkTo[l] === via)) return { link: l, via };
    }
    throw new Error(`way ${wayId} has no link at node ${viaOsm} in the Monaco pack`);
  };
  const middle = (link: number): LonLat => {
    const line = linkPolyline(graph, link);
    const i = 2 * Math.floor((line.length / 2 - 1) / 2);
    return [(line[i] + line[i + 2]) / 2, (line[i + 1] + line[i + 3]) / 2];
  };
  const turns = (plan: LocalRoutePlan, fromLink: number, toLink: number, via: number): boolean =>
    plan.legs[0].edges.some((e, i) => i > 0
      && (graph.edgeLink[plan.legs[0].edges[i - 1]] & EDGE_LINK_MASK) === fromLink && graph.edgeTarget[plan.legs[0].edges[i - 1]] === via
      && (graph.edgeLink[e] & EDGE_LINK_MASK) === toLink);

  test.each([
    { relation: 4261963, fromWay: 176527122, viaOsm: 25177185, toWay: 166399477, what: 'no left turn from the oneway lane onto Avenue des Castelans' },
    { relation: 4799601, fromWay: 92627402, viaOsm: 1397731778, toWay: 65562952, what: 'no left turn out of the "Tunnel vers Nationale 7" onto Route de la Moyenne Corniche (M 6007)' },
  ])('relation $relation: $what', ({ relation, fromWay, viaOsm, toWay }) => {
    expect(osmFacts('monaco').restrictions.find((r) => r.id === relation)?.value).toMatch(/^no_/);
    const from = linkAt(fromWay, viaOsm), to = linkAt(toWay, viaOsm);
    const plan = router('monaco').plan({ waypoints: [middle(from.link), middle(to.link)], profile: 'shortest' });
    expect(turns(plan, from.link, to.link, from.via)).toBe(false);
    expect(osmViolations('monaco', plan)).toEqual([]);
    // The banned turn would have been the short way: the route had to go round.
    const direct = lineLengthMeters(linkPolyline(graph, from.link)) / 2 + lineLengthMeters(linkPolyline(graph, to.link)) / 2;
    expect(plan.result.distanceMeters).toBeGreaterThan(direct * 1.2);
  });

  test('relation 3410840: only right turn from the tunnel onto Boulevard du Larvotto', () => {
    const viaOsm = 267985520;
    const from = linkAt(92627415, viaOsm), to = linkAt(157719689, viaOsm);
    // Aim for every other road that can be driven away from the via node.
    let tried = 0;
    for (let e = graph.firstEdge[from.via]; e < graph.firstEdge[from.via + 1]; e++) {
      const link = graph.edgeLink[e] & EDGE_LINK_MASK;
      if (link === from.link || link === to.link) continue;
      const plan = router('monaco').plan({ waypoints: [middle(from.link), middle(link)], profile: 'shortest' });
      const edges = plan.legs[0].edges;
      const arrival = edges.findIndex((edge) => (graph.edgeLink[edge] & EDGE_LINK_MASK) === from.link && graph.edgeTarget[edge] === from.via);
      expect(arrival).toBeGreaterThanOrEqual(0);
      expect(graph.edgeLink[edges[arrival + 1]] & EDGE_LINK_MASK).toBe(to.link);
      tried++;
    }
    expect(tried).toBeGreaterThan(0);
  });
});

describe('OSRM shape', () => {
  test('Andorra la Vella to Port d\'Envalira reads right: roundabout exits onto CG-2, names and refs', () => {
    const { result } = router('andorra').plan({ waypoints: [[1.5211, 42.5078], [1.71938, 42.54018]] });
    const steps = result.legs[0].steps;
    const text = steps.map((s) => stepInstruction(s));
    expect(text.some((t) => /take the (1st|2nd|3rd) exit onto CG-2/.test(t)), text.join('\n')).toBe(true);
    steps.forEach((step, i) => {
      if (step.maneuver.type !== 'roundabout') return;
      const exit = steps[i + 1];
      expect(exit.maneuver.type).toBe('exit roundabout');
      expect(exit.maneuver.exit).toBe(step.maneuver.exit);
      expect(exit.name).toBe(step.name);
      expect(step.maneuver.exit).toBeGreaterThanOrEqual(1);
    });
    expect(steps.filter((s) => s.ref === 'CG-2').length).toBeGreaterThan(3);
    expect(result.legs[0].summary).toMatch(/CG-2|Envalira/);
    // Through the OSRM JSON and back: same route.
    const parsed = parseOsrmRoute(JSON.parse(JSON.stringify(toOsrmRouteResponse(result))), { precision: 6 });
    expect(parsed.distanceMeters).toBeCloseTo(result.distanceMeters, 3);
    expect(parsed.legs[0].steps.length).toBe(steps.length);
    expect(parsed.coords.length).toBe(result.coords.length);
  });

  test('three waypoints make two legs that share the middle snapped point', () => {
    const { result } = router('andorra').plan({ waypoints: [[1.5211, 42.5078], [1.57229, 42.55606], [1.71938, 42.54018]] });
    expect(result.legs.length).toBe(2);
    expect(result.legs[0].lastVertex).toBe(result.legs[1].firstVertex);
    const v = result.legs[1].firstVertex;
    expect([result.coords[2 * v], result.coords[2 * v + 1]]).toEqual(result.snappedWaypoints[1]);
    expect(result.legs[0].steps.at(-1)?.maneuver.type).toBe('arrive');
    expect(result.distanceMeters).toBeCloseTo(result.legs[0].distance + result.legs[1].distance, 0);
  });
});

describe('snapping, errors and options', () => {
  test('a click beside a road snaps onto it; a click far from every road is a no-route error that says so', async () => {
    const { snaps } = router('andorra').plan({ waypoints: [[1.5213, 42.5081], [1.71938, 42.54018]] });
    expect(snaps[0].distanceMeters).toBeLessThan(100);
    await expect(router('andorra').route({ waypoints: [[2.35, 48.85], [1.71938, 42.54018]] })).rejects.toMatchObject({ kind: 'no-route', message: expect.stringMatching(/Waypoint 1 is more than 2000 m/) });
    await expect(router('andorra').route({ waypoints: [[1.52, 42.5]] })).rejects.toThrow(/at least two waypoints/);
    const aborted = new AbortController();
    aborted.abort();
    await expect(router('andorra').route({ waypoints: [[1.5211, 42.5078], [1.71938, 42.54018]] }, aborted.signal)).rejects.toMatchObject({ kind: 'aborted' });
  });

  test('two points on one road in driving order route straight along it', () => {
    const { graph } = regionPack('andorra');
    let link = 0;
    while (linkPolyline(graph, link).length < 12 || linkEdges(graph, link).forward === NO_EDGE) link++;
    const line = linkPolyline(graph, link);
    const a: LonLat = [line[2], line[3]], b: LonLat = [line[line.length - 4], line[line.length - 3]];
    const { result } = router('andorra').plan({ waypoints: [a, b], profile: 'shortest' });
    expect(result.distanceMeters).toBeCloseTo(lineLengthMeters(line.slice(2, line.length - 2)), 0);
  });

  test.each([
    ['andorra', 'unpaved', LINK_FLAG.UNPAVED],
  ] as const)('%s: avoiding %s never drives more of it, and drives less where it can', (name, feature, flag) => {
    const { graph } = regionPack(name);
    const metersOf = (plan: LocalRoutePlan) => plan.legs[0].pieces.reduce((s, p) => s + ((graph.linkFlags[p.link] & flag) ? p.distanceMeters : 0), 0);
    // Pairs across each avoidable link: from a road at one end to a road at the other.
    const middleOfOther = (node: number, except: number): LonLat | null => {
      for (let e = graph.firstEdge[node]; e < graph.firstEdge[node + 1]; e++) {
        const l = graph.edgeLink[e] & EDGE_LINK_MASK;
        if (l === except || (graph.linkFlags[l] & flag)) continue;
        const line = linkPolyline(graph, l);
        return [(line[0] + line[2]) / 2, (line[1] + line[3]) / 2];
      }
      return null;
    };
    let less = 0, pairs = 0;
    for (let l = 0; l < graph.linkCount && pairs < 40; l++) {
      if (!(graph.linkFlags[l] & flag)) continue;
      const a = middleOfOther(graph.linkFrom[l], l), b = middleOfOther(graph.linkTo[l], l);
      if (!a || !b) continue;
      let plain: number, avoided: number;
      try {
        plain = metersOf(router(name).plan({ waypoints: [a, b] }));
        avoided = metersOf(router(name).plan({ waypoints: [a, b], avoid: [feature] }));
      } catch {
        continue; // an end cut off by a oneway: no route either way
      }
      pairs++;
      expect(avoided).toBeLessThanOrEqual(plain + 1e-6);
      if (avoided < plain) less++;
    }
    // Andorra 2013 has only 5 unpaved drivable links (most tracks are closed to cars); Monaco's A8 has many motorway links.
    expect(pairs).toBeGreaterThanOrEqual(1);
    expect(less).toBeGreaterThan(0);
  });

  test('monaco: avoiding motorways on 40 seeded routes never drives more motorway, and less on some', () => {
    const { graph } = regionPack('monaco');
    const metersOf = (plan: LocalRoutePlan) => plan.legs[0].pieces.reduce((s, p) => s + ((graph.linkFlags[p.link] & LINK_FLAG.MOTORWAY) ? p.distanceMeters : 0), 0);
    let less = 0;
    for (const [a, b] of routablePairs('monaco', 21, 40).pairs) {
      const plain = metersOf(router('monaco').plan({ waypoints: [a, b] }));
      const avoided = metersOf(router('monaco').plan({ waypoints: [a, b], avoid: ['motorway'] }));
      expect(avoided).toBeLessThanOrEqual(plain + 1e-6);
      if (avoided < plain) less++;
    }
    expect(less).toBeGreaterThan(0);
  });
});

describe.each(['andorra', 'monaco'] as const)('curvy profiles on %s', (name) => {
  test('curvy finds curvier routes than fastest on 30 seeded pairs, at most 40 % longer in time', () => {
    let fastCurvature = 0, fastKm = 0, curvyCurvature = 0, curvyKm = 0, curvier = 0, straighter = 0;
    for (const [a, b] of routablePairs(name, 31, 30).pairs) {
      const fast = router(name).plan({ waypoints: [a, b], profile: 'fastest' }).result;
      const curvy = router(name).plan({ waypoints: [a, b], profile: 'curvy' }).result;
      const f = scoreCurvature(fast.coords, { profile: false }), c = scoreCurvature(curvy.coords, { profile: false });
      fastCurvature += f.curvature; fastKm += f.distanceMeters / 1000;
      curvyCurvature += c.curvature; curvyKm += c.distanceMeters / 1000;
      if (c.curvaturePerKm > f.curvaturePerKm + 1) curvier++;
      if (c.curvaturePerKm < f.curvaturePerKm - 1) straighter++;
      expect(curvy.durationSeconds, `${a.join(',')} → ${b.join(',')}`).toBeLessThanOrEqual(1.4 * fast.durationSeconds);
    }
    expect(curvyCurvature / curvyKm).toBeGreaterThan(fastCurvature / fastKm);
    expect(curvier).toBeGreaterThan(straighter);
  });
});
