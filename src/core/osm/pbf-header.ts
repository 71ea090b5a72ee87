/**
 * The OSMHeader block: bounding box, required/optional features, replication info.
 *
 * Contract: a file whose required features include anything other than the ones this reader
 * implements is rejected before any data is read, so a history file or a locations-on-ways
 * file is never silently misread.
 */
import { ProtobufReader, WIRE_LENGTH_DELIMITED } from './protobuf';
import { OsmPbfError } from './pbf-errors';
import { decodeUtf8 } from './osm-string-table';

/** A bounding box in WGS84 degrees. */
export interface OsmBbox {
  readonly west: number;
  readonly south: number;
  readonly east: number;
  readonly north: number;
}

export interface OsmHeader {
  /** The extract area the file declares (not necessarily the data's extent), or undefined. */
  readonly bbox: OsmBbox | undefined;
  readonly requiredFeatures: readonly string[];
  readonly optionalFeatures: readonly string[];
  readonly writingProgram: string | undefined;
  readonly source: string | undefined;
  /** Replication timestamp in seconds since the Unix epoch (the data's "as of" time). */
  readonly replicationTimestampSeconds: number | undefined;
  readonly replicationSequenceNumber: number | undefined;
  readonly replicationBaseUrl: string | undefined;
}

/** Required features this reader implements. */
export const SUPPORTED_REQUIRED_FEATURES: readonly string[] = ['OsmSchema-V0.6', 'DenseNodes'];

const FEATURE_ADVICE: Record<string, string> = {
  HistoricalInformation: 'it is a history file (several versions per object); use a current-data extract instead',
  LocationsOnWays: 'it stores node locations on ways, as `osmium add-locations-to-ways` writes, and may lack untagged nodes; use the original extract',
};

/** Decodes a HeaderBlock; `fileOffset` locates the block for error messages. */
export function decodeOsmHeader(data: Uint8Array, fileOffset: number): OsmHeader {
  const reader = new ProtobufReader(data);
  let bbox: OsmBbox | undefined;
  const requiredFeatures: string[] = [];
  const optionalFeatures: string[] = [];
  let writingProgram: string | undefined;
  let source: string | undefined;
  let replicationTimestampSeconds: number | undefined;
  let replicationSequenceNumber: number | undefined;
  let replicationBaseUrl: string | undefined;
  while (reader.more()) {
    const key = reader.readKey();
    const wire = key & 7;
    const field = key >>> 3;
    if (wire === WIRE_LENGTH_DELIMITED && field === 1) bbox = readBbox(reader);
    else if (wire === WIRE_LENGTH_DELIMITED && field === 4) requiredFeatures.push(readText(reader));
    else if (wire === WIRE_LENGTH_DELIMITED && field === 5) optionalFeatures.push(readText(reader));
    else if (wire === WIRE_LENGTH_DELIMITED && field === 16) writingProgram = readText(reader);
    else if (wire === WIRE_LENGTH_DELIMITED && field === 17) source = readText(reader);
    else if (wire === 0 && field === 32) replicationTimestampSeconds = reader.readInt64();
    else if (wire === 0 && field === 33) replicationSequenceNumber = reader.readInt64();
    else if (wire === WIRE_LENGTH_DELIMITED && field === 34) replicationBaseUrl = readText(reader);
    else reader.skip(wire);
  }
  reader.checkConsumed();
  const unsupported = requiredFeatures.filter((feature) => !SUPPORTED_REQUIRED_FEATURES.includes(feature));
  if (unsupported.length > 0) {
    const advice = unsupported.map((feature) => FEATURE_ADVICE[feature]).filter(Boolean).join('; ');
    throw new OsmPbfError(
      `Unsupported OSM PBF file: it requires ${unsupported.map((f) => `"${f}"`).join(', ')}, which Switchback cannot read${advice ? ` (${advice})` : ''}. Use a plain extract such as those from download.geofabrik.de.`,
      fileOffset,
    );
  }
  return {
    bbox, requiredFeatures, optionalFeatures, writingProgram, source,
    replicationTimestampSeconds, replicationSequenceNumber, replicationBaseUrl,
  };
}

function readText(reader: ProtobufReader): string {
  const bytes = reader.readBytes();
  return decodeUtf8(bytes, 0, bytes.length);
}

/** HeaderBBox: sint64 nanodegrees in the order left, right, top, bottom. */
function readBbox(reader: ProtobufReader): OsmBbox {
  const outerEnd = reader.enterMessage();
  let west = 0, east = 0, north = 0, south = 0;
  while (reader.more()) {
    const key = reader.readKey();
    const field = key >>> 3;
    if ((key & 7) !== 0) { reader.skip(key & 7); continue; }
    const nanodegrees = reader.readSVarint();
    if (field === 1) west = nanodegrees / 1e9;
    else if (field === 2) east = nanodegrees / 1e9;
    else if (field === 3) north = nanodegrees / 1e9;
    else if (field === 4) south = nanodegrees / 1e9;
  }
  reader.leaveMessage(outerEnd);
  return { west, south, east, north };
}
