/**
 * Errors raised while reading an OSM PBF file. Every message says what is wrong and what the
 * user can do about it; `offset` is the byte offset in the file where the problem was found.
 */
export class OsmPbfError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
    this.name = 'OsmPbfError';
  }
}

/** What to tell a user whose file is damaged or only partly downloaded. */
export const REDOWNLOAD_HINT = 'Download the extract again (for example from download.geofabrik.de) and retry.';
/** What to tell a user whose PBF uses an encoding Switchback does not read. */
export const REENCODE_HINT = 'Re-encode it with `osmium cat in.osm.pbf -o out.osm.pbf -f pbf,pbf_compression=zlib` and open out.osm.pbf.';
