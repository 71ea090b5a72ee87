/**
 * Builds the planner the browser runs: Dexie drafts, the OSRM and straight-line routers behind
 * the segment scheduler, and GPX import/export in Web Workers.
 */
import { StraightLineRouter } from '../core/routing/straight-line-router';
import { OsrmHttpRouter } from '../routing/osrm-http-router';
import { DriveRepository } from '../store';
import { importGpxFile } from '../workers/gpx-import-client';
import { exportGpxInWorker } from '../workers/gpx-export-client';
import { draftStoreFromRepository } from './draft-store';
import { Planner } from './planner';
import { schedulerPort } from './scheduler-port';

export function createBrowserPlanner(dbName = 'switchback'): Planner {
  const repo = new DriveRepository(dbName);
  // eslint-disable-next-line prefer-const
  let planner: Planner;
  const store = draftStoreFromRepository(repo, (message) => planner.notify('warning', message));
  planner = new Planner({
    store,
    createScheduler: (callbacks, settings, cache, extraRouters) => schedulerPort({
      routers: { osrm: new OsrmHttpRouter({ baseUrl: settings.osrmBaseUrl }), straight: new StraightLineRouter(), ...extraRouters },
      cache,
      onRoute: callbacks.onRoute,
      onPending: callbacks.onPending,
      onNotice: (notice) => callbacks.onNotice(notice.message),
    }),
    importer: {
      importFile: (file, _name, { onProgress, signal }) => importGpxFile(file, { onProgress: (fraction) => onProgress({ fraction }), signal, fileName: _name }),
    },
    exporter: {
      exportDrive: (drive, routes, { signal }) => exportGpxInWorker(drive, routes, { signal }),
    },
    download: (blob, fileName) => {
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  });
  return planner;
}
