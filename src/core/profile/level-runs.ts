/**
 * The curvature band at pixel resolution: one curve level per pixel column, merged into runs of
 * equal level so the band draws as a few dozen rectangles whatever the number of samples.
 */

export interface LevelRuns {
  /** Number of runs. */
  count: number;
  /** First pixel column of each run (from 0 at `fromM`). */
  startPx: Int32Array;
  /** Pixel column just after each run (exclusive). */
  endPx: Int32Array;
  /** Curve level 0..4 of each run. */
  level: Uint8Array;
}

const TOP_LEVEL = 4;

/**
 * Cuts [fromM, toM) into `pxWidth` columns and gives each column the level that covers most of its
 * length (ties go to the higher level), then merges neighbouring columns of equal level. Sample `i`
 * covers [distances[i], distances[i + 1]) at `levels[i]`, as in the scoring profile; levels above 4
 * count as 4. Columns no sample covers (outside the data) belong to no run. Dominant rather than
 * highest level, so a zoomed-out band keeps the proportions of the road instead of looking curvier
 * than it is. O(n + pxWidth), no allocation beyond the result.
 */
export function levelRuns(distances: ArrayLike<number>, levels: ArrayLike<number>, fromM: number, toM: number, pxWidth: number): LevelRuns {
  const columns = Math.max(0, Math.floor(pxWidth) || 0);
  const n = Math.min(distances.length, levels.length);
  if (columns === 0 || n < 2 || !(toM > fromM) || !Number.isFinite(fromM) || !Number.isFinite(toM)) return emptyRuns();
  const width = (toM - fromM) / columns;
  const columnLevel = new Int8Array(columns).fill(-1);
  const metersAt = new Float64Array(TOP_LEVEL + 1);
  let column = -1;
  let columnStart = Infinity;
  let columnEnd = -Infinity;
  const settle = (): void => {
    if (column < 0) return;
    let best = -1;
    let bestMeters = 0;
    for (let l = 0; l <= TOP_LEVEL; l++) {
      if (metersAt[l] > 0 && metersAt[l] >= bestMeters) { best = l; bestMeters = metersAt[l]; }
      metersAt[l] = 0;
    }
    columnLevel[column] = best;
  };
  for (let i = 0; i + 1 < n; i++) {
    const start = Math.max(distances[i], fromM);
    const end = Math.min(distances[i + 1], toM);
    if (!(end > start)) continue;
    const level = Math.min(levels[i], TOP_LEVEL);
    if (start >= columnStart && end <= columnEnd) {
      metersAt[level] += end - start; // the usual case with dense samples: wholly inside the current column
      continue;
    }
    const c0 = Math.min(columns - 1, Math.floor((start - fromM) / width));
    const c1 = Math.min(columns - 1, Math.floor((end - fromM) / width));
    for (let c = c0; c <= c1; c++) {
      const c0Meters = fromM + c * width;
      const c1Meters = c === columns - 1 ? toM : fromM + (c + 1) * width;
      if (c !== column) { settle(); column = c; columnStart = c0Meters; columnEnd = c1Meters; }
      const overlap = Math.min(end, c1Meters) - Math.max(start, c0Meters);
      if (overlap > 0) metersAt[level] += overlap;
    }
  }
  settle();

  const startPx = new Int32Array(columns);
  const endPx = new Int32Array(columns);
  const runLevel = new Uint8Array(columns);
  let count = 0;
  for (let c = 0; c < columns; c++) {
    const level = columnLevel[c];
    if (level < 0) continue;
    if (count > 0 && endPx[count - 1] === c && runLevel[count - 1] === level) { endPx[count - 1] = c + 1; continue; }
    startPx[count] = c;
    endPx[count] = c + 1;
    runLevel[count] = level;
    count++;
  }
  return { count, startPx: startPx.subarray(0, count), endPx: endPx.subarray(0, count), level: runLevel.subarray(0, count) };
}

function emptyRuns(): LevelRuns {
  return { count: 0, startPx: new Int32Array(0), endPx: new Int32Array(0), level: new Uint8Array(0) };
}
