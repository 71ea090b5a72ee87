/**
 * Fills data voids in a height grid by harmonic (Laplace) interpolation from the surrounding
 * valid samples, the smooth "soap film" surface that gdal_fillnodata approximates.
 *
 * Algorithm, per 4-connected void region:
 * 1. Onion peeling: in passes, every still-empty void cell with a known 4-neighbour (valid, or
 *    filled in an earlier pass) takes the mean of its known 4-neighbours. This gives a starting
 *    surface that already respects the border.
 * 2. Relaxation: successive over-relaxation of "each void cell = mean of its 4 neighbours"
 *    until no cell moves by more than 0.01 m (or 2000 sweeps).
 * 3. Results are rounded to whole metres, like the rest of the grid.
 *
 * Valid samples are never changed. The harmonic surface obeys the maximum principle, so every
 * filled value lies within the range of the region's valid border. A region that touches no
 * valid sample (an all-void grid) stays void.
 */

const TOLERANCE_METERS = 0.01;
const MAX_SWEEPS = 2000;
const OVER_RELAXATION = 1.6;

/**
 * Fills `voidValue` cells of a row-major `width × height` grid in place.
 * Returns the number of void cells left (0 unless the grid had no valid sample at all).
 */
export function fillVoids(heights: Int16Array, width: number, height: number, voidValue: number): number {
  const cellCount = width * height;
  const seen = new Uint8Array(cellCount);
  const queue = new Int32Array(cellCount);
  let remaining = 0;
  for (let start = 0; start < cellCount; start++) {
    if (heights[start] !== voidValue || seen[start]) continue;
    // Breadth-first search collects the region into queue[0..regionSize).
    let regionSize = 0;
    let head = 0;
    queue[regionSize++] = start;
    seen[start] = 1;
    while (head < regionSize) {
      const cell = queue[head++];
      const row = (cell / width) | 0;
      const col = cell - row * width;
      if (col > 0) regionSize = visit(cell - 1, heights, voidValue, seen, queue, regionSize);
      if (col < width - 1) regionSize = visit(cell + 1, heights, voidValue, seen, queue, regionSize);
      if (row > 0) regionSize = visit(cell - width, heights, voidValue, seen, queue, regionSize);
      if (row < height - 1) regionSize = visit(cell + width, heights, voidValue, seen, queue, regionSize);
    }
    if (!fillRegion(heights, width, height, voidValue, queue, regionSize)) remaining += regionSize;
  }
  return remaining;
}

function visit(cell: number, heights: Int16Array, voidValue: number, seen: Uint8Array, queue: Int32Array, size: number): number {
  if (heights[cell] === voidValue && !seen[cell]) {
    seen[cell] = 1;
    queue[size++] = cell;
  }
  return size;
}

/** Fills one region whose cells are `cells[0..count)`; false when it has no valid neighbour. */
function fillRegion(heights: Int16Array, width: number, height: number, voidValue: number, cells: Int32Array, count: number): boolean {
  let minRow = height;
  let maxRow = -1;
  let minCol = width;
  let maxCol = -1;
  for (let k = 0; k < count; k++) {
    const row = (cells[k] / width) | 0;
    const col = cells[k] - row * width;
    if (row < minRow) minRow = row;
    if (row > maxRow) maxRow = row;
    if (col < minCol) minCol = col;
    if (col > maxCol) maxCol = col;
  }
  // Local frame: the region's bounding box. localSlot >= 0 marks a region cell.
  const boxWidth = maxCol - minCol + 1;
  const boxHeight = maxRow - minRow + 1;
  const localSlot = new Int32Array(boxWidth * boxHeight).fill(-1);
  const rows = new Int32Array(count);
  const cols = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    rows[k] = (cells[k] / width) | 0;
    cols[k] = cells[k] - rows[k] * width;
    localSlot[(rows[k] - minRow) * boxWidth + (cols[k] - minCol)] = k;
  }
  const values = new Float64Array(count);
  const known = new Uint8Array(count);

  // Neighbour value of (row, col): region value if known, grid value if valid, NaN otherwise.
  const neighbour = (row: number, col: number): number => {
    if (row < 0 || row >= height || col < 0 || col >= width) return NaN;
    if (row >= minRow && row <= maxRow && col >= minCol && col <= maxCol) {
      const slot = localSlot[(row - minRow) * boxWidth + (col - minCol)];
      if (slot >= 0) return known[slot] ? values[slot] : NaN;
    }
    return heights[row * width + col];
  };

  // 1. Onion peeling. Each pass only reads values known before the pass (deterministic).
  let unknown = count;
  const newlyKnown = new Int32Array(count);
  while (unknown > 0) {
    let added = 0;
    for (let k = 0; k < count; k++) {
      if (known[k]) continue;
      let sum = 0;
      let n = 0;
      for (let d = 0; d < 4; d++) {
        const v = neighbour(rows[k] + ROW_STEP[d], cols[k] + COL_STEP[d]);
        if (v === v) {
          sum += v;
          n++;
        }
      }
      if (n > 0) {
        values[k] = sum / n;
        newlyKnown[added++] = k;
      }
    }
    if (added === 0) return false; // no valid sample anywhere around this region
    for (let a = 0; a < added; a++) known[newlyKnown[a]] = 1;
    unknown -= added;
  }

  // 2. Successive over-relaxation towards the discrete Laplace solution.
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let maxChange = 0;
    for (let k = 0; k < count; k++) {
      let sum = 0;
      let n = 0;
      for (let d = 0; d < 4; d++) {
        const v = neighbour(rows[k] + ROW_STEP[d], cols[k] + COL_STEP[d]);
        if (v === v) {
          sum += v;
          n++;
        }
      }
      const change = OVER_RELAXATION * (sum / n - values[k]);
      values[k] += change;
      const magnitude = change < 0 ? -change : change;
      if (magnitude > maxChange) maxChange = magnitude;
    }
    if (maxChange < TOLERANCE_METERS) break;
  }

  // 3. Write back, rounded; keep clear of the void sentinel itself.
  for (let k = 0; k < count; k++) {
    const rounded = Math.round(values[k]);
    heights[cells[k]] = rounded === voidValue ? voidValue + 1 : rounded;
  }
  return true;
}

const ROW_STEP = [-1, 1, 0, 0];
const COL_STEP = [0, 0, -1, 1];
