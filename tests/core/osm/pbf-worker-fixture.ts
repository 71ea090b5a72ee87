/**
 * Test worker: streams an OSM PBF from a URL through `OsmPbfStreamReader`, the way the app's
 * import worker reads a `File.stream()`, and posts back what it found. Used by
 * pbf-reader.browser.test.ts to prove the reader runs in a real module Worker (no DOM, no Node).
 */
import { OsmPbfStreamReader, tagValue } from '../../../src/core/osm/pbf-reader';

export interface PbfWorkerResult {
  nodeCount: number;
  wayCount: number;
  relationCount: number;
  typesInOrder: boolean;
  chunks: number;
  progressReports: number;
  lastProgress: [number, number];
  passes: { id: number; lon: number; lat: number; name: string | undefined }[];
  primaryWays: number;
  elapsedMs: number;
  error?: string;
}

self.onmessage = async (event: MessageEvent<{ url: string }>) => {
  const started = performance.now();
  try {
    const response = await fetch(event.data.url);
    if (!response.ok || !response.body) throw new Error(`${event.data.url} answered HTTP ${response.status}`);
    const totalBytes = Number(response.headers.get('content-length') ?? 0);
    const passes: PbfWorkerResult['passes'] = [];
    let primaryWays = 0;
    let progressReports = 0;
    let lastProgress: [number, number] = [0, 0];
    const reader = new OsmPbfStreamReader({
      nodes: (batch) => {
        for (let i = 0; i < batch.count; i++) {
          if (tagValue(batch, i, 'mountain_pass') === 'yes') passes.push({ id: batch.ids[i], lon: batch.lons[i], lat: batch.lats[i], name: tagValue(batch, i, 'name') });
        }
      },
      ways: (batch) => {
        for (let i = 0; i < batch.count; i++) if (tagValue(batch, i, 'highway') === 'primary') primaryWays++;
      },
    }, { totalBytes, onProgress: (done, total) => { progressReports++; lastProgress = [done, total]; } });
    const stream = response.body.getReader();
    let chunks = 0;
    for (;;) {
      const { done, value } = await stream.read();
      if (done) break;
      chunks++;
      reader.push(value);
    }
    const summary = reader.finish();
    const result: PbfWorkerResult = {
      nodeCount: summary.nodeCount, wayCount: summary.wayCount, relationCount: summary.relationCount, typesInOrder: summary.typesInOrder,
      chunks, progressReports, lastProgress, passes, primaryWays, elapsedMs: performance.now() - started,
    };
    self.postMessage(result);
  } catch (error) {
    self.postMessage({ error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }
};
