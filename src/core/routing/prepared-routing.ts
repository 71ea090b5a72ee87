/**
 * What a router derives from a graph before its first route by a profile, as plain arrays: the
 * profile's edge costs and which links it can drive. The router worker has a helper worker derive
 * them from the same pack file in parallel while it reads and checks the rest of the graph
 * itself, then adopts the arrays (`LocalRouter.adoptPrepared`). Everything here is transferable
 * between workers.
 */
import { type LinkCostInputs, type RoutingInputs, profileLinkCosts } from '../graph';
import { EDGE_LINK_MASK } from '../graph/road-graph';
import type { RouteProfile } from './router';

export interface PreparedRouting {
  readonly profile: RouteProfile;
  /** Cost of each edge under `profile` without avoid options (equal to `profileWeights`). */
  readonly weights: Float32Array;
  /** 1 for each link the profile can drive in at least one direction (equal to `linkOpenOf`). */
  readonly linkOpen: Uint8Array;
}

/**
 * One pass over the links for their costs, one over the edges for edge costs and open links. The
 * curvy profiles also need the link classes and curvature (not among the routing inputs a helper
 * reads); without them they throw.
 */
export function prepareRouting(inputs: RoutingInputs & Pick<LinkCostInputs, 'linkClass' | 'linkCurvature'>, profile: RouteProfile): PreparedRouting {
  const linkCost = profileLinkCosts(inputs, { profile });
  const { edgeCount, edgeLink } = inputs;
  const mask = EDGE_LINK_MASK;
  const weights = new Float32Array(edgeCount);
  const linkOpen = new Uint8Array(inputs.linkCount);
  for (let e = 0; e < edgeCount; e++) {
    const link = edgeLink[e] & mask;
    const cost = linkCost[link];
    weights[e] = cost;
    if (cost < Infinity) linkOpen[link] = 1;
  }
  return { profile, weights, linkOpen };
}

/** Links with at least one edge of finite cost. */
export function linkOpenOf(weights: Float32Array, edgeLink: Uint32Array, linkCount: number): Uint8Array {
  const linkOpen = new Uint8Array(linkCount);
  for (let e = 0; e < weights.length; e++) if (weights[e] < Infinity) linkOpen[edgeLink[e] & EDGE_LINK_MASK] = 1;
  return linkOpen;
}

/** The typed arrays of `prepared`, to transfer it to another worker. */
export function preparedRoutingBuffers(prepared: PreparedRouting): ArrayBuffer[] {
  return [prepared.weights, prepared.linkOpen].map((a) => a.buffer as ArrayBuffer);
}
