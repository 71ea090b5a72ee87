/**
 * Canvas drawing of the profile, in two layers. The static layer (elevation area, curvature band,
 * axes, leg separators) is rasterised once per data, units or size change, at one bucket per
 * device pixel column. The overlay (range shading, cursor, readout) is composited over a copy of
 * it on every hover frame, so moving the cursor never re-reads the samples.
 *
 * Everything is in device pixels; CSS sizes are scaled by `dpr` in `profileLayout`.
 */
import { CURVE_LEVEL_COLOURS } from '../../core/scoring';
import type { DistanceUnits } from '../../core/format';
import {
  distanceUnitLabel, downsampleMinMax, formatHoverReadout, heightUnitLabel, heightUnitMeters, levelRuns, niceExtent, niceTicks,
  profileExtent, profileSampleCount, stepDecimals, toDisplayDistance, valueAtDistance, xAtDistance,
  type DistanceRange, type ProfileData,
} from '../../core/profile';

export type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** Margins in CSS pixels; the panel's CSS positions its message over the same elevation area. */
export const PROFILE_MARGINS_CSS = { left: 48, right: 10, top: 8, axis: 18, band: 10, bandGap: 2 } as const;

export interface ProfileLayout {
  /** Device pixels per CSS pixel. */
  dpr: number;
  widthPx: number;
  heightPx: number;
  /** Plot columns [left, right) shared by the elevation area and the band. */
  left: number;
  right: number;
  /** Elevation area rows [top, plotBottom). */
  top: number;
  plotBottom: number;
  /** Curvature band rows [bandTop, bandBottom); distance labels below. */
  bandTop: number;
  bandBottom: number;
}

/** Where everything goes on a canvas of `widthPx` × `heightPx` device pixels. */
export function profileLayout(widthPx: number, heightPx: number, dpr: number): ProfileLayout {
  const m = PROFILE_MARGINS_CSS;
  const px = (css: number) => Math.round(css * dpr);
  const left = Math.min(px(m.left), Math.max(0, widthPx - 1));
  const right = Math.max(left + 1, widthPx - px(m.right));
  const bandBottom = Math.max(0, heightPx - px(m.axis));
  const bandTop = Math.max(0, bandBottom - px(m.band));
  const plotBottom = Math.max(0, bandTop - px(m.bandGap));
  const top = Math.min(px(m.top), plotBottom);
  return { dpr, widthPx, heightPx, left, right, top, plotBottom, bandTop, bandBottom };
}

/** Vertical scale of the elevation area: the nice extent of the known heights, in metres. */
export interface HeightScale {
  minMeters: number;
  maxMeters: number;
}

/** The palette (band colours come from the scoring module's `CURVE_LEVEL_COLOURS`). */
export const PROFILE_COLOURS = {
  background: '#ffffff',
  grid: '#e9ebe6',
  text: '#5f6b7a',
  area: '#d3deea',
  line: '#3d5a80',
  bandEmpty: '#eef0ec',
  leg: '#7d8794',
  rangeFill: 'rgba(31, 95, 209, 0.16)',
  rangeEdge: '#1f5fd1',
  cursor: '#1d232b',
  readoutFill: 'rgba(255, 255, 255, 0.94)',
  readoutEdge: '#c5cabf',
} as const;

const font = (cssPx: number, dpr: number) => `${Math.max(1, Math.round(cssPx * dpr))}px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif`;

/**
 * Rasterises the static layer. Returns the elevation scale for the overlay's cursor dot, or null
 * when no elevation is known. With no data the layer is only background (the panel shows a message).
 */
export function drawStaticLayer(ctx: Context2D, layout: ProfileLayout, data: ProfileData | null, units: DistanceUnits): HeightScale | null {
  const { widthPx, heightPx, left, right, top, bandTop, bandBottom, dpr } = layout;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.setLineDash([]);
  ctx.fillStyle = PROFILE_COLOURS.background;
  ctx.fillRect(0, 0, widthPx, heightPx);
  const extent = profileExtent(data);
  if (!data || !extent) return null;
  const n = profileSampleCount(data);
  const distances = data.distanceMeters.subarray(0, n);
  const { fromMeters, toMeters } = extent;
  const plotWidth = right - left;
  ctx.font = font(10, dpr);
  ctx.textBaseline = 'middle';

  const scale = data.elevationMeters
    ? drawElevation(ctx, layout, downsampleMinMax(distances, data.elevationMeters, fromMeters, toMeters, plotWidth), units)
    : null;

  ctx.fillStyle = PROFILE_COLOURS.bandEmpty;
  ctx.fillRect(left, bandTop, plotWidth, bandBottom - bandTop);
  const runs = levelRuns(distances, data.curveLevel, fromMeters, toMeters, plotWidth);
  for (let r = 0; r < runs.count; r++) {
    ctx.fillStyle = CURVE_LEVEL_COLOURS[runs.level[r]];
    ctx.fillRect(left + runs.startPx[r], bandTop, runs.endPx[r] - runs.startPx[r], bandBottom - bandTop);
  }

  drawDistanceAxis(ctx, layout, extent, units);

  const legs = data.legBoundsMeters;
  if (legs && legs.length > 0) {
    const lineWidth = Math.max(1, Math.round(dpr));
    ctx.strokeStyle = PROFILE_COLOURS.leg;
    ctx.lineWidth = lineWidth;
    ctx.setLineDash([3 * dpr, 3 * dpr]);
    ctx.beginPath();
    for (let k = 0; k < legs.length; k++) {
      const d = legs[k];
      if (!(d > fromMeters && d < toMeters)) continue;
      const x = Math.round(left + xAtDistance(d, fromMeters, toMeters, plotWidth)) + (lineWidth % 2) / 2;
      ctx.moveTo(x, top);
      ctx.lineTo(x, bandBottom);
    }
    ctx.stroke();
    ctx.setLineDash([]);
  }
  return scale;
}

/** Grid, labels, filled area and outline of the elevation envelope; returns its scale. */
function drawElevation(ctx: Context2D, layout: ProfileLayout, buckets: { min: Float32Array; max: Float32Array }, units: DistanceUnits): HeightScale | null {
  const { left, right, top, plotBottom, dpr } = layout;
  const { min, max } = buckets;
  let lo = Infinity;
  let hi = -Infinity;
  for (let b = 0; b < min.length; b++) {
    if (min[b] < lo) lo = min[b];
    if (max[b] > hi) hi = max[b];
  }
  if (!(hi >= lo)) return null;
  const unit = heightUnitMeters(units);
  const plotHeight = plotBottom - top;
  const tickCount = Math.max(2, Math.floor(plotHeight / (28 * dpr)));
  const nice = niceExtent(lo / unit, hi / unit, tickCount);
  if (!nice || !(plotHeight > 0)) return null;
  const scale = { minMeters: nice.min * unit, maxMeters: nice.max * unit };
  const yAt = (meters: number) => heightY(layout, scale, meters);

  const label = heightUnitLabel(units);
  const decimals = stepDecimals(nice.step);
  for (let k = 0; ; k++) {
    const value = nice.min + k * nice.step;
    if (value > nice.max + nice.step * 1e-6) break;
    const y = Math.round(yAt(value * unit));
    ctx.fillStyle = PROFILE_COLOURS.grid;
    ctx.fillRect(left, y, right - left, Math.max(1, Math.round(dpr)));
    ctx.fillStyle = PROFILE_COLOURS.text;
    ctx.textAlign = 'right';
    ctx.fillText(`${value.toFixed(decimals)} ${label}`, left - 4 * dpr, Math.min(Math.max(y, top + 5 * dpr), plotBottom));
  }

  const area = new Path2D();
  const outline = new Path2D();
  let start = -1;
  for (let b = 0; b <= max.length; b++) {
    const known = b < max.length && max[b] === max[b];
    if (known) {
      const x = left + b + 0.5;
      const y = yAt(max[b]);
      if (start < 0) {
        start = b;
        area.moveTo(left + b, plotBottom);
        area.lineTo(left + b, y);
        outline.moveTo(left + b, y);
      }
      area.lineTo(x, y);
      outline.lineTo(x, y);
    } else if (start >= 0) {
      const y = yAt(max[b - 1]);
      area.lineTo(left + b, y);
      area.lineTo(left + b, plotBottom);
      area.closePath();
      outline.lineTo(left + b, y);
      start = -1;
    }
  }
  ctx.fillStyle = PROFILE_COLOURS.area;
  ctx.fill(area);
  ctx.strokeStyle = PROFILE_COLOURS.line;
  ctx.lineWidth = Math.max(1, dpr * 1.25);
  ctx.lineJoin = 'round';
  ctx.stroke(outline);
  return scale;
}

function heightY(layout: ProfileLayout, scale: HeightScale, meters: number): number {
  const { top, plotBottom } = layout;
  return plotBottom - ((meters - scale.minMeters) / (scale.maxMeters - scale.minMeters)) * (plotBottom - top);
}

function drawDistanceAxis(ctx: Context2D, layout: ProfileLayout, extent: DistanceRange, units: DistanceUnits): void {
  const { left, right, bandBottom, heightPx, widthPx, dpr } = layout;
  const plotWidth = right - left;
  const from = toDisplayDistance(extent.fromMeters, units);
  const to = toDisplayDistance(extent.toMeters, units);
  const ticks = niceTicks(from, to, Math.max(2, Math.floor(plotWidth / (90 * dpr))));
  const decimals = ticks.length > 1 ? stepDecimals(ticks[1] - ticks[0]) : 2;
  const label = distanceUnitLabel(units);
  const tickWidth = Math.max(1, Math.round(dpr));
  const y = (bandBottom + heightPx) / 2 + dpr;
  ctx.textAlign = 'left';
  for (const value of ticks) {
    const x = Math.round(left + ((value - from) / (to - from)) * plotWidth);
    ctx.fillStyle = PROFILE_COLOURS.text;
    ctx.fillRect(Math.min(x, right - tickWidth), bandBottom, tickWidth, Math.round(3 * dpr));
    const text = `${value.toFixed(decimals)} ${label}`;
    const textWidth = ctx.measureText(text).width;
    ctx.fillText(text, Math.max(0, Math.min(widthPx - textWidth, x - textWidth / 2)), y);
  }
}

export interface OverlayState {
  /** Cursor distance (from the pointer, the keyboard or the map), or null for none. */
  cursorMeters: number | null;
  /** Range to shade: the drag in progress, else the selected range. */
  range: DistanceRange | null;
}

/**
 * Composites one frame: the cached static layer, the range shading, the cursor line with a dot on
 * the elevation and the readout box beside it.
 */
export function drawOverlay(
  ctx: Context2D,
  staticLayer: CanvasImageSource,
  layout: ProfileLayout,
  data: ProfileData | null,
  units: DistanceUnits,
  scale: HeightScale | null,
  state: OverlayState,
): void {
  const { left, right, top, bandBottom, dpr, widthPx } = layout;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.drawImage(staticLayer, 0, 0);
  const extent = profileExtent(data);
  if (!data || !extent) return;
  const plotWidth = right - left;
  const xAt = (d: number) => left + xAtDistance(d, extent.fromMeters, extent.toMeters, plotWidth);
  const edge = Math.max(1, Math.round(dpr));

  if (state.range) {
    const x0 = Math.round(Math.max(left, xAt(state.range.fromMeters)));
    const x1 = Math.round(Math.min(right, xAt(state.range.toMeters)));
    if (x1 >= x0) {
      ctx.fillStyle = PROFILE_COLOURS.rangeFill;
      ctx.fillRect(x0, top, x1 - x0, bandBottom - top);
      ctx.fillStyle = PROFILE_COLOURS.rangeEdge;
      ctx.fillRect(x0, top, edge, bandBottom - top);
      ctx.fillRect(Math.max(x0, x1 - edge), top, edge, bandBottom - top);
    }
  }

  const d = state.cursorMeters;
  if (d === null || !(d >= extent.fromMeters && d <= extent.toMeters)) return;
  const x = Math.min(right - edge, Math.floor(xAt(d)));
  ctx.fillStyle = PROFILE_COLOURS.cursor;
  ctx.fillRect(x, top, edge, bandBottom - top);
  if (scale && data.elevationMeters) {
    const elevation = valueAtDistance(data.distanceMeters.subarray(0, profileSampleCount(data)), data.elevationMeters, d);
    if (elevation === elevation) {
      ctx.beginPath();
      ctx.arc(x + edge / 2, heightY(layout, scale, elevation), 3 * dpr, 0, 2 * Math.PI);
      ctx.fill();
    }
  }

  const text = formatHoverReadout(data, d, units);
  ctx.font = font(11, dpr);
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  const pad = 4 * dpr;
  const boxWidth = ctx.measureText(text).width + 2 * pad;
  const boxHeight = 18 * dpr;
  const gap = 6 * dpr;
  const boxX = x + gap + boxWidth <= widthPx ? x + gap : Math.max(0, x - gap - boxWidth);
  const boxY = top + 2 * dpr;
  ctx.fillStyle = PROFILE_COLOURS.readoutFill;
  ctx.fillRect(boxX, boxY, boxWidth, boxHeight);
  ctx.strokeStyle = PROFILE_COLOURS.readoutEdge;
  ctx.lineWidth = edge;
  ctx.strokeRect(boxX + edge / 2, boxY + edge / 2, boxWidth - edge, boxHeight - edge);
  ctx.fillStyle = PROFILE_COLOURS.cursor;
  ctx.fillText(text, boxX + pad, boxY + boxHeight / 2);
}
