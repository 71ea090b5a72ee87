/** Namespace URIs the GPX reader and writer match on (never on prefixes, which vary per file). */

export const GPX_1_0 = 'http://www.topografix.com/GPX/1/0';
export const GPX_1_1 = 'http://www.topografix.com/GPX/1/1';
/**
 * Root namespaces accepted on import. The `https` form is invalid (OsmAnd iOS wrote it for a
 * while, and Garmin and Google refuse such files) but its content is plain GPX 1.1; '' covers
 * hand-made files that forgot `xmlns` altogether.
 */
export const GPX_READ_NAMESPACES: ReadonlySet<string> = new Set([GPX_1_1, GPX_1_0, 'https://www.topografix.com/GPX/1/1', '']);

/** Garmin GPX Extensions v3 (`gpxx`): RouteExtension, RoutePointExtension/rpt, TrackExtension. */
export const GARMIN_GPXX = 'http://www.garmin.com/xmlschemas/GpxExtensions/v3';
/** Garmin Trip Extensions v1 (`trp`): Trip/TransportationMode, ViaPoint, ShapingPoint. */
export const GARMIN_TRP = 'http://www.garmin.com/xmlschemas/TripExtensions/v1';
export const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
