/**
 * What a router derives from a graph before its first route by a profile, as plain arrays: the
 * profile's edge costs, which links it can drive, the reverse graph and the costs in its order.
 * On a 1M-node pack that is ≈ 0.2 s of work, so the router worker has a helper worker derive it
 * from the same pack file in parallel while it reads and checks the graph itself, then adopts
 * the arrays (`LocalRouter.adoptPrepared`). Everything here is transferable between workers.
 */
import {
  type IncomingEdges, type RoutingInputs, computeIncomingEdges, profileWeights, weightsInIncomingOrder,
} from '../graph';
import { EDGE_LINK_MASK } from '../graph/road-graph';
import type { RouteProfile } from './router';

export interface PreparedRouting {
  readonly profile: RouteProfile;
  /** Cost of each edge under `profile` without avoid options (`profileWeights`). */
  readonly weights: Float32Array;
  /** 1 for each link the profile can drive in at least one direction. */
  readonly linkOpen: Uint8Array;
  readonly incoming: IncomingEdges;
  /** `weights` in the order of `incoming.inEdge`. */
  readonly weightsInIncomingOrder: Float32Array;
}

export function prepareRouting(inputs: RoutingInputs, profile: RouteProfile): PreparedRouting {
  const { weights } = profileWeights(inputs, { profile });
  const incoming = computeIncomingEdges(inputs);
  return {
    profile, weights, linkOpen: linkOpenOf(weights, inputs.edgeLink, inputs.linkCount), incoming,
    weightsInIncomingOrder: weightsInIncomingOrder(weights, incoming.inEdge),
  };
}

/** Links with at least one edge of finite cost. */
export function linkOpenOf(weights: Float32Array, edgeLink: Uint32Array, linkCount: number): Uint8Array {
  const linkOpen = new Uint8Array(linkCount);
  for (let e = 0; e < weights.length; e++) if (weights[e] < Infinity) linkOpen[edgeLink[e] & EDGE_LINK_MASK] = 1;
  return linkOpen;
}

/** The typed arrays of `prepared`, to transfer it to another worker. */
export function preparedRoutingBuffers(prepared: PreparedRouting): ArrayBuffer[] {
  const { weights, linkOpen, incoming, weightsInIncomingOrder: reordered } = prepared;
  return [weights, linkOpen, incoming.firstIn, incoming.inEdge, incoming.inSource, reordered].map((a) => a.buffer as ArrayBuffer);
}
