import { readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { decodeGpxBytes, GpxReadError, readGpx, summarizeGpx } from '../../../src/core/gpx';
import { FIXTURE_DIR, oracleRead, readShared, toPlain } from './xmldom-oracle';

const fixture = (name: string): string => decodeGpxBytes(readShared(`fixtures/gpx/${name}`));
const readError = (text: string): GpxReadError => {
  try {
    readGpx(text);
  } catch (error) {
    if (error instanceof GpxReadError) return error;
    throw error;
  }
  throw new Error('expected readGpx to throw');
};

/** The fixtures that are valid GPX (everything but the malformed file and the ITN sample). */
const VALID = readdirSync(FIXTURE_DIR).filter((f) => f.endsWith('.gpx') && !f.startsWith('malformed'));

describe('readGpx on the real-world corpus', () => {
  test('the corpus is there', () => {
    expect(VALID.length, `expected 14 valid GPX fixtures in ${FIXTURE_DIR}`).toBe(14);
  });

  test.each(VALID)('%s reads exactly like a namespace-aware DOM walk', (name) => {
    const text = fixture(name);
    expect(toPlain(readGpx(text))).toEqual(oracleRead(text));
  });

  test('counts quoted in SOURCES.md', () => {
    const s = (name: string) => summarizeGpx(readGpx(fixture(name)));
    const mapsource = s('mapsource_route_645_gpxx_rpt_inline_ns.gpx');
    expect(mapsource.routes).toEqual([{ name: 'Eastern Lakes Ride', points: 5, shapePoints: 592 }]);
    const furkot = s('furkot_garmin_trip_via_shaping_rpt.gpx');
    expect(furkot.routes.length).toBe(3);
    expect(furkot.routes.reduce((n, r) => n + r.shapePoints, 0)).toBe(1276);
    expect(furkot.waypoints.length).toBe(4);
    const pack = s('furkot_garmin_multiday_rte_plus_trk.gpx');
    expect([pack.routes.length, pack.routes.reduce((n, r) => n + r.points, 0)]).toEqual([4, 20]);
    expect(pack.tracks.flatMap((t) => t.segments)).toHaveLength(6);
    expect(pack.tracks.flatMap((t) => t.segments).reduce((a, b) => a + b, 0)).toBe(71);
    expect(s('osmand_recorded_multi_segment.gpx').tracks[0].segments).toHaveLength(3);
    expect(s('track_with_empty_segment.gpx').tracks[0].segments).toContain(0);
    const gpx10 = s('gpx10_gpsbabel_track.gpx');
    expect([gpx10.version, gpx10.tracks.length, gpx10.waypoints.length]).toEqual(['1.0', 8, 7]);
    expect(s('gpxstudio_routes.gpx').routes.map((r) => r.points)).toEqual([49, 28]);
    expect(s('gpxstudio_tracks_and_segments.gpx').tracks.map((t) => t.segments.length)).toEqual([2, 2]);
    expect(s('garmin_etrex20x_car_drive.gpx').tracks[0].segments).toEqual([104]);
    expect(s('garmin_connect_run.gpx').tracks[0].segments).toEqual([206]);
    expect(s('apple_health_export_track.gpx').tracks[0].segments).toEqual([44]);
  });

  test('Garmin roles: Furkot trip has 7 via and 2 shaping points', () => {
    const doc = readGpx(fixture('furkot_garmin_trip_via_shaping_rpt.gpx'));
    const kinds = doc.routes.flatMap((r) => r.points.map((p) => p.kind));
    expect(kinds.filter((k) => k === 'via')).toHaveLength(7);
    expect(kinds.filter((k) => k === 'shaping')).toHaveLength(2);
  });

  test('BaseCamp file with a BOM reads (via points, metadata time)', () => {
    const bytes = readShared('fixtures/gpx/basecamp_route_viapoints_bom.gpx');
    expect([bytes[0], bytes[1], bytes[2]]).toEqual([0xef, 0xbb, 0xbf]);
    // Node's utf8 decoding keeps the BOM; the reader must skip it itself.
    const doc = readGpx(bytes.toString('utf8'));
    expect(doc.creator).toBe('Garmin Desktop App');
    expect(doc.routes[0].points.map((p) => p.kind)).toEqual(['via', 'via']);
    expect(doc.metadata.timeMs).toBe(Date.parse('2013-03-09T20:47:02Z'));
  });

  test('a <time> inside <extensions> is not the point time; a nameless route stays nameless', () => {
    const doc = readGpx(fixture('brouter_osmandrouter_rte_unnamespaced_ext.gpx'));
    expect(doc.routes[0].name).toBeUndefined();
    expect(doc.routes[0].points[0].name).toBeUndefined();
    expect(doc.tracks[0].segments[0].timesMs).toBeUndefined();
  });

  test('metadata name is not taken from <author><name>', () => {
    const doc = readGpx(fixture('gpxstudio_routes.gpx'));
    expect(doc.metadata.name).toBe('with_routes');
    const noName = readGpx('<gpx xmlns="http://www.topografix.com/GPX/1/1" version="1.1" creator="t"><metadata><author><name>Someone</name></author></metadata></gpx>');
    expect(noName.metadata.name).toBeUndefined();
  });
});

describe('readGpx errors', () => {
  test('malformed XML names the line of the bad closing tag', () => {
    const text = fixture('malformed_mismatched_close_tag.gpx');
    const line = text.split('\n').findIndex((l) => l.includes('</ggpx>')) + 1;
    const error = readError(text);
    expect(error.kind).toBe('malformed');
    expect(error.line).toBe(line);
    expect(error.message).toMatch(new RegExp(`^Line ${line}: closing tag </ggpx> does not match <gpx>`));
  });

  test('a TomTom ITN file is recognised as such', () => {
    const error = readError(decodeGpxBytes(readShared('fixtures/gpx/tomtom_sample_cp1252.itn')));
    expect(error.kind).toBe('not-xml');
    expect(error.message).toMatch(/TomTom ITN itinerary, not a GPX file/);
  });

  test('XML that is not GPX says what it is (an XSD from ../shared)', () => {
    const error = readError(decodeGpxBytes(readShared('schemas/gpx.xsd')));
    expect(error.kind).toBe('not-gpx');
    expect(error.message).toMatch(/not GPX: its root element is <xsd:schema> in namespace http:\/\/www\.w3\.org\/2001\/XMLSchema/);
  });

  test.each([
    ['', 'not-xml', /file is empty/],
    ['{"type":"FeatureCollection"}', 'not-xml', /^Line 1: this is not an XML file/],
    ['<gpx xmlns="http://www.topografix.com/GPX/1/1">\n<trk>\n</gpx>', 'malformed', /^Line 3: closing tag <\/gpx> does not match <trk> \(opened on line 2\)/],
    ['<gpx xmlns="http://www.topografix.com/GPX/1/1">\n<trk>', 'malformed', /^Line 2: the file ends before <trk> \(opened on line 2\) is closed; it may be truncated/],
    ['<gpx xmlns="http://www.topografix.com/GPX/1/1"><wpt lat=1 lon="2"/></gpx>', 'malformed', /^Line 1: the value of attribute lat must be in quotes/],
    ['<gpx xmlns="http://www.topografix.com/GPX/1/1"><wpt lat="1" lat="2"/></gpx>', 'malformed', /attribute lat appears twice/],
    ['<gpx xmlns="http://www.topografix.com/GPX/1/1"><wpt lat="1" lon="2"><name>Fish &nbsp; Chips</name></wpt></gpx>', 'malformed', /unknown entity &nbsp;/],
    ['<gpx xmlns="http://www.topografix.com/GPX/1/1"><extensions><gpxx:x/></extensions></gpx>', 'malformed', /prefix "gpxx" of <gpxx:x> is not declared/],
    ['<gpx xmlns="http://www.topografix.com/GPX/1/1"></gpx>\n<gpx/>', 'malformed', /^Line 2: content after the end of the root element/],
    ['<gpx xmlns="http://www.topografix.com/GPX/1/1"><!-- never closed </gpx>', 'malformed', /comment "<!--" is never closed/],
    ['<gpx xmlns="http://www.topografix.com/GPX/1/1"><wpt lat="91" lon="2"/></gpx>', 'invalid', /^Line 1: <wpt> has lat="91", which is not a latitude between -90 and 90/],
    ['<gpx xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg><trkpt lat="1"/></trkseg></trk></gpx>', 'invalid', /<trkpt> has no lon attribute/],
    ['<gpx xmlns="http://www.topografix.com/GPX/1/1"><wpt lat="1" lon="2" name="a<b"/></gpx>', 'malformed', /^Line 1: "<" inside the value of attribute name/],
    ['<kml xmlns="http://www.opengis.net/kml/2.2"/>', 'not-gpx', /root element is <kml> in namespace http:\/\/www\.opengis\.net\/kml\/2\.2/],
  ])('%j → %s', (text, kind, message) => {
    const error = readError(text);
    expect(error.kind).toBe(kind);
    expect(error.message).toMatch(message);
  });
});

describe('readGpx details', () => {
  const GPX = 'xmlns="http://www.topografix.com/GPX/1/1" version="1.1" creator="test"';

  test('entities, character references and CDATA are decoded in names', () => {
    const doc = readGpx(`<gpx ${GPX}><wpt lat="1" lon="2"><name>Fish &amp; Chips &#233;&#x1F600; <![CDATA[<b>raw & bold</b>]]></name><desc>a\r\nb</desc></wpt></gpx>`);
    expect(doc.waypoints[0].name).toBe('Fish & Chips é😀 <b>raw & bold</b>');
    expect(doc.waypoints[0].desc).toBe('a\nb');
  });

  test('">" and entities inside attribute values are fine', () => {
    const doc = readGpx(`<gpx xmlns="http://www.topografix.com/GPX/1/1" creator="A &amp; B > C"><wpt lat="1" lon="2" note='x>y "q"'><name>n</name></wpt></gpx>`);
    expect([doc.creator, doc.waypoints[0].name]).toEqual(['A & B > C', 'n']);
  });

  test('leading whitespace, comments and a newline before <?xml are accepted', () => {
    const doc = readGpx(`\uFEFF\n  <!-- exported -->\n<?xml version="1.0"?>\n<!-- c --><gpx ${GPX}><wpt lat="1" lon="2"/></gpx>\n<!-- trailing -->\n`);
    expect(doc.waypoints).toHaveLength(1);
  });

  test('matching is on namespace URI, not prefix (prefixed GPX, two prefixes for one URI)', () => {
    const doc = readGpx(`<g:gpx xmlns:g="http://www.topografix.com/GPX/1/1" xmlns:a="http://www.garmin.com/xmlschemas/GpxExtensions/v3" version="1.1" creator="x">
      <g:rte><g:rtept lat="1" lon="2"><g:extensions>
        <a:RoutePointExtension><a:rpt lat="1.5" lon="2.5"/></a:RoutePointExtension>
        <b:RoutePointExtension xmlns:b="http://www.garmin.com/xmlschemas/GpxExtensions/v3"><b:rpt lat="1.6" lon="2.6"/></b:RoutePointExtension>
        <a:RoutePointExtension xmlns:a="urn:not-garmin"><a:rpt lat="9" lon="9"/></a:RoutePointExtension>
      </g:extensions></g:rtept></g:rte>
      <trk xmlns="urn:other"><trkseg><trkpt lat="5" lon="5"/></trkseg></trk>
    </g:gpx>`);
    expect(Array.from(doc.routes[0].points[0].shape ?? [])).toEqual([2.5, 1.5, 2.6, 1.6]);
    expect(doc.tracks).toHaveLength(0);
  });

  test('the same prefix bound to different URIs in sibling scopes resolves per scope', () => {
    const ext = (uri: string, lat: number) => `<x:RoutePointExtension xmlns:x="${uri}"><x:rpt lat="${lat}" lon="1"/></x:RoutePointExtension>`;
    const doc = readGpx(`<gpx ${GPX}><rte><rtept lat="0" lon="0"><extensions>
      ${ext('http://www.garmin.com/xmlschemas/GpxExtensions/v3', 1)}${ext('urn:other', 2)}${ext('http://www.garmin.com/xmlschemas/GpxExtensions/v3', 3)}
    </extensions></rtept></rte></gpx>`);
    expect(Array.from(doc.routes[0].points[0].shape ?? [])).toEqual([1, 1, 1, 3]);
  });

  test('many distinct element names (cache collisions) and values with references or CDATA', () => {
    const names = Array.from({ length: 300 }, (_, i) => `e${i.toString(36)}x`);
    const noise = names.map((n) => `<${n} a="1">v</${n}>`).join('');
    const doc = readGpx(`<gpx ${GPX}><trk><trkseg>
      <trkpt lat="&#52;5.5" lon="6">${noise}<ele><![CDATA[12.5]]></ele><time>2024-06-01T08:00:00<!-- c -->Z</time></trkpt>
      <trkpt lat="45.6" lon="6.1"><ele> 13 </ele>${noise}<time>2024-06-01T08:00:01Z</time></trkpt>
    </trkseg></trk></gpx>`);
    const seg = doc.tracks[0].segments[0];
    expect(Array.from(seg.coords)).toEqual([6, 45.5, 6.1, 45.6]);
    expect(Array.from(seg.elevationsMeters ?? [])).toEqual([12.5, 13]);
    expect(Array.from(seg.timesMs ?? [])).toEqual([Date.UTC(2024, 5, 1, 8), Date.UTC(2024, 5, 1, 8, 0, 1)]);
  });

  test('track segments keep NaN for missing ele/time and omit columns nobody had', () => {
    const doc = readGpx(`<gpx ${GPX}><trk><trkseg>
      <trkpt lat="1" lon="2"><ele>10.5</ele></trkpt>
      <trkpt lat="1.1" lon="2.1"><time>2024-06-01T08:00:00+02:00</time></trkpt>
    </trkseg><trkseg><trkpt lat="3" lon="4"/></trkseg></trk></gpx>`);
    const [a, b] = doc.tracks[0].segments;
    expect(Array.from(a.elevationsMeters ?? [])).toEqual([10.5, NaN]);
    expect(Array.from(a.timesMs ?? [])).toEqual([NaN, Date.parse('2024-06-01T06:00:00Z')]);
    expect(b.elevationsMeters).toBeUndefined();
    expect(b.timesMs).toBeUndefined();
  });

  test('progress is reported in order up to the total, and a set abort flag stops the read', () => {
    const points = Array.from({ length: 5000 }, (_, i) => `<trkpt lat="${(i / 1e4).toFixed(4)}" lon="1"><ele>1</ele></trkpt>`).join('\n');
    const text = `<gpx ${GPX}><trk><trkseg>${points}</trkseg></trk></gpx>`;
    const seen: number[] = [];
    readGpx(text, { checkInterval: 256, onProgress: (done, total) => { expect(total).toBe(text.length); seen.push(done); } });
    expect(seen.length).toBeGreaterThan(20);
    expect(seen.every((v, i) => i === 0 || v >= seen[i - 1])).toBe(true);
    expect(seen[seen.length - 1]).toBe(text.length);

    const flag = { aborted: false };
    let calls = 0;
    const stop = () => readGpx(text, { checkInterval: 256, signal: flag, onProgress: () => { if (++calls === 3) flag.aborted = true; } });
    expect(stop).toThrow(expect.objectContaining({ kind: 'aborted', name: 'AbortError' }));
    expect(calls).toBe(3);
  });

  test('decodeGpxBytes honours a declared Latin-1 encoding', () => {
    const head = '<?xml version="1.0" encoding="ISO-8859-1"?><gpx xmlns="http://www.topografix.com/GPX/1/1"><wpt lat="1" lon="2"><name>M';
    const bytes = new Uint8Array([...Buffer.from(head, 'latin1'), 0xf6, ...Buffer.from('lln</name></wpt></gpx>', 'latin1')]);
    expect(readGpx(decodeGpxBytes(bytes)).waypoints[0].name).toBe('Mölln');
  });
});
