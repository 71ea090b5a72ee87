import { useState } from 'react';
import type { Planner } from '../app/planner';
import type { ElevationService } from '../app/elevation-service';
import type { ScenicService } from '../app/scenic-service';
import { readOsmExtractInWorker } from '../workers/osm-extract-client';
import { OverpassPoiSource } from '../pois/overpass-source';
import { lineBbox } from '../core/elevation';

/** Offline data the scout loads from disk: SRTM elevation tiles and OSM extracts (scenic features). */
export function DataPanel({ planner, elevation, scenic, overpassUrl }: { planner: Planner; elevation: ElevationService; scenic: ScenicService; overpassUrl: string }) {
  const [loaded, setLoaded] = useState<string[]>([]);
  const [extract, setExtract] = useState('');
  return (
    <section className="sb-data" aria-label="Offline data">
      <label className="sb-button sb-file-button" title="SRTM tiles, e.g. N42E001.hgt.zip">
        Load elevation (.hgt)…
        <input
          type="file"
          multiple
          accept=".hgt,.zip,.hgt.zip"
          data-testid="dem-input"
          onChange={async (e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = '';
            try {
              const names = await elevation.addHgtFiles(files);
              setLoaded((l) => [...l, ...names]);
              planner.notify('info', `Elevation loaded from ${names.join(', ')}.`);
            } catch (err) {
              planner.notify('error', err instanceof Error ? err.message : String(err));
            }
          }}
        />
      </label>
      {loaded.length > 0 && <span className="sb-muted" data-testid="dem-loaded">{loaded.length} elevation tile{loaded.length > 1 ? 's' : ''}</span>}
      <label className="sb-button sb-file-button" title="An OSM extract such as a Geofabrik .osm.pbf: scenic features (viewpoints, peaks, passes, water, forest) for scores, offline">
        Open OSM extract (.osm.pbf)…
        <input
          type="file"
          accept=".pbf,.osm.pbf"
          data-testid="extract-input"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (!file) return;
            const pois = await planner.runTask(`Reading ${file.name}`, (signal, onProgress) => readOsmExtractInWorker(file, { signal, onProgress }));
            if (!pois) return;
            scenic.setPois(pois, file.name);
            setExtract(file.name);
            planner.notify('info', `${file.name}: ${pois.points.count} scenic points and ${pois.shapes.count} areas and lines loaded.`);
          }}
        />
      </label>
      <button
        type="button"
        title="Fetch viewpoints, peaks, passes, water and forest around the drive from the Overpass API (cached in the browser)"
        onClick={async () => {
          const line = planner.getAnalysis()?.line;
          const box = line && line.length >= 4 ? lineBbox(line) : null;
          if (!box) { planner.notify('warning', 'Draw a drive first: scenery is loaded around it.'); return; }
          const pad = 0.02;
          const source = new OverpassPoiSource({ url: overpassUrl });
          const pois = await planner.runTask('Loading scenery from Overpass', (signal) => source.loadPois([box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad], signal));
          if (!pois) return;
          scenic.setPois(pois, 'Overpass');
          setExtract('Overpass');
        }}
      >Scenery online</button>
      {extract && <span className="sb-muted" data-testid="extract-loaded">Scenery: {extract}</span>}
    </section>
  );
}
