import { useState } from 'react';
import type { Planner } from '../app/planner';
import type { ElevationService } from '../app/elevation-service';

/** Offline data the scout loads from disk: SRTM elevation tiles (and, later, OSM extracts). */
export function DataPanel({ planner, elevation }: { planner: Planner; elevation: ElevationService }) {
  const [loaded, setLoaded] = useState<string[]>([]);
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
    </section>
  );
}
