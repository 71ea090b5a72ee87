import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { Planner } from '../app/planner';
import type { RegionService } from '../app/region-service';
import { RegionPackStore, type RegionPackSummary } from '../store/region-pack-store';
import { buildRegionPackInWorker } from '../workers/region-build-client';
import { WorkerLocalRouter } from '../workers/region-router-client';

const store = new RegionPackStore();

function formatBytes(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1e3))} kB`;
}

/** Region packs: import an OSM extract as a pack (in a worker), list stored packs, open or delete them. */
export function RegionPanel({ planner, region }: { planner: Planner; region: RegionService }) {
  useSyncExternalStore(region.subscribe, () => region.version);
  const [packs, setPacks] = useState<RegionPackSummary[]>([]);
  const refresh = useCallback(() => {
    store.list().then(setPacks, (err: unknown) => planner.notify('error', err instanceof Error ? err.message : String(err)));
  }, [planner]);
  useEffect(refresh, [refresh]);
  // With packs to open and none open, start the router workers and compile their code while the
  // user looks (idle time, after the map's start): an open then only reads the pack.
  const mayOpen = packs.length > 0 && !region.name;
  useEffect(() => {
    if (!mayOpen) return;
    const warmUp = () => void WorkerLocalRouter.warmUp();
    if (typeof requestIdleCallback !== 'function') {
      const timer = window.setTimeout(warmUp, 1000);
      return () => window.clearTimeout(timer);
    }
    const id = requestIdleCallback(warmUp);
    return () => cancelIdleCallback(id);
  }, [mayOpen]);

  const openPack = async (id: string, name: string, buffer?: ArrayBuffer) => {
    const router = await planner.runTask(`Opening region ${name}`, async (signal) => WorkerLocalRouter.open(buffer ?? await store.loadBlob(id), { signal }));
    if (!router) return;
    await region.open(router, name);
    planner.notify('info', `Region ${name} is open: choose “Local (region)” to route offline.`);
  };

  return (
    <section className="sb-regions" aria-label="Regions">
      <div className="sb-row">
        <label className="sb-button sb-file-button" title="Build a region pack from an OSM extract (.osm.pbf): offline routing with curvy profiles, curvy roads, scenery and an offline basemap">
          Import region (.osm.pbf)…
          <input
            type="file"
            accept=".pbf,.osm.pbf"
            data-testid="region-input"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (!file) return;
              const built = await planner.runTask(`Building region from ${file.name}`, (signal, onProgress) => buildRegionPackInWorker(file, { signal, onProgress: (f) => onProgress(f) }));
              if (!built) return;
              const name = file.name.replace(/\.osm\.pbf$|\.pbf$/i, '');
              try {
                const id = await store.save({ name, buffer: built.buffer, bbox: built.bbox, stats: built.stats });
                refresh();
                await openPack(id, name, built.buffer);
              } catch (err) {
                planner.notify('error', err instanceof Error ? err.message : String(err));
              }
            }}
          />
        </label>
        {region.name && <button type="button" className="sb-link" onClick={() => region.close()}>Close {region.name}</button>}
      </div>
      {packs.length > 0 && (
        <ul className="sb-pack-list" data-testid="pack-list">
          {packs.map((p) => (
            <li key={p.id}>
              <span>{p.name}</span>
              <span className="sb-muted"> {formatBytes(p.sizeBytes)} · {new Date(p.createdAt).toLocaleDateString()}</span>
              {region.name !== p.name && <button type="button" className="sb-link" onClick={() => void openPack(p.id, p.name)}>Open</button>}
              <button type="button" className="sb-link sb-danger" aria-label={`Delete region ${p.name}`} onClick={async () => {
                if (region.name === p.name) region.close();
                await store.delete(p.id).catch((err: unknown) => planner.notify('error', err instanceof Error ? err.message : String(err)));
                refresh();
              }}>Delete</button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
