/**
 * The profile panel in real headless Chromium: what the canvas shows (read back as pixels), hover
 * and drag with real playwright pointer input (`userEvent`), the map's hover drawn without an
 * echo, keyboard selection, and the render cost of a 100,000-sample drive.
 *
 * The main profile is synthetic so every pixel has a known answer: 100,000 samples 3–7 m apart
 * (~500 km), curve level changing every 12.5 km, a 15 km elevation gap, two leg boundaries. One
 * test draws the real RC-1 profile of the recorded Ajaccio OSRM route from ../shared.
 */
import { afterEach, beforeAll, describe, expect, test, vi, type Mock } from 'vitest';
import { commands, page, userEvent } from 'vitest/browser';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { decodePolyline } from '../../src/core/routing/polyline';
import type { OsrmRouteResponse } from '../../src/core/routing/osrm-types';
import { CURVE_LEVEL_COLOURS, levelSpans, scoreCurvature } from '../../src/core/scoring';
import { indexAtDistance, xAtDistance, type DistanceRange, type ProfileData } from '../../src/core/profile';
import { ProfilePanel, type ProfilePanelProps } from '../../src/ui/profile/ProfilePanel';
import { ProfileChart } from '../../src/ui/profile/profile-chart';
import { PROFILE_COLOURS, profileLayout, type ProfileLayout } from '../../src/ui/profile/profile-draw';
import { OSRM_AJACCIO } from '../store/store-fixtures';

const SAMPLES = 100_000;
const LEVEL_RUN_METERS = 12_500;
const GAP_FROM_METERS = 200_000;
const GAP_TO_METERS = 215_000;
const PANEL_WIDTH_CSS = 800;
const PANEL_HEIGHT_CSS = 160;
const RADIUS_BY_LEVEL = [Infinity, 150, 80, 45, 20];

function syntheticProfile(): ProfileData {
  const distanceMeters = new Float64Array(SAMPLES);
  const elevationMeters = new Float32Array(SAMPLES);
  const curveLevel = new Uint8Array(SAMPLES);
  const radiusMeters = new Float32Array(SAMPLES);
  let d = 0;
  for (let i = 0; i < SAMPLES; i++) {
    if (i > 0) d += 5 + 2 * Math.sin(i * 0.37); // uneven spacing: the x → distance search must not assume a grid
    distanceMeters[i] = d;
    const run = Math.floor(d / LEVEL_RUN_METERS);
    curveLevel[i] = run % 5;
    radiusMeters[i] = (run % 2 === 0 ? 1 : -1) * RADIUS_BY_LEVEL[run % 5];
    elevationMeters[i] = d >= GAP_FROM_METERS && d < GAP_TO_METERS ? Number.NaN : 900 + 600 * Math.sin((2 * Math.PI * d) / 100_000) + 40 * Math.sin(d / 700);
  }
  const total = distanceMeters[SAMPLES - 1];
  return { distanceMeters, elevationMeters, curveLevel, radiusMeters, legBoundsMeters: new Float64Array([0, total * 0.32, total * 0.66, total]) };
}

const DATA = syntheticProfile();
const FROM = DATA.distanceMeters[0];
const TO = DATA.distanceMeters[SAMPLES - 1];

// ---- mounting ----------------------------------------------------------------------------------

interface Mounted {
  root: Root;
  host: HTMLDivElement;
  canvas: HTMLCanvasElement;
  props: ProfilePanelProps;
  onHover: Mock<(d: number | null) => void>;
  onRangeChange: Mock<(r: DistanceRange | null) => void>;
  rerender(changes: Partial<ProfilePanelProps>): void;
}

const mounted: Mounted[] = [];

beforeAll(async () => {
  // Real pointer input only reaches what is inside the viewport (the default one is 414 px wide).
  await page.viewport(PANEL_WIDTH_CSS + 100, 500);
});

function mount(overrides: Partial<ProfilePanelProps> = {}): Mounted {
  const host = document.createElement('div');
  host.style.cssText = `position:absolute; left:20px; top:60px; width:${PANEL_WIDTH_CSS}px;`;
  document.body.appendChild(host);
  const root = createRoot(host);
  const onHover = vi.fn<(d: number | null) => void>();
  const onRangeChange = vi.fn<(r: DistanceRange | null) => void>();
  const m: Mounted = {
    root, host, onHover, onRangeChange, canvas: undefined as unknown as HTMLCanvasElement,
    props: { data: DATA, units: 'km', hoverMeters: null, onHover, range: null, onRangeChange, height: PANEL_HEIGHT_CSS, ...overrides },
    rerender(changes) {
      m.props = { ...m.props, ...changes };
      flushSync(() => root.render(<ProfilePanel {...m.props} />));
    },
  };
  flushSync(() => root.render(<ProfilePanel {...m.props} />));
  m.canvas = host.querySelector('canvas')!;
  mounted.push(m);
  return m;
}

afterEach(async () => {
  for (const m of mounted.splice(0)) {
    m.root.unmount();
    m.host.remove();
  }
  await userEvent.unhover(document.body, { position: { x: 2, y: 2 } }).catch(() => undefined);
});

const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
async function frames(count = 2): Promise<void> {
  for (let k = 0; k < count; k++) await frame();
}

// ---- reading the canvas --------------------------------------------------------------------------

function layoutOf(canvas: HTMLCanvasElement): ProfileLayout {
  return profileLayout(canvas.width, canvas.height, canvas.width / canvas.clientWidth);
}

/** Device-pixel column of a distance, as the panel maps it. */
function columnAt(layout: ProfileLayout, d: number): number {
  return Math.floor(layout.left + xAtDistance(d, FROM, TO, layout.right - layout.left));
}


/** Distance under a CSS x, and the distance one CSS pixel spans. */
function distanceAtCss(layout: ProfileLayout, cssX: number): { d: number; perCssPx: number } {
  const plot = layout.right - layout.left;
  return { d: FROM + ((cssX * layout.dpr - layout.left) / plot) * (TO - FROM), perCssPx: ((TO - FROM) / plot) * layout.dpr };
}

function pixel(canvas: HTMLCanvasElement, x: number, y: number): [number, number, number] {
  const [r, g, b] = canvas.getContext('2d')!.getImageData(Math.floor(x), Math.floor(y), 1, 1).data;
  return [r, g, b];
}

function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function levelAt(d: number): number {
  return DATA.curveLevel[indexAtDistance(DATA.distanceMeters, d)];
}

/** Band row to sample: the middle of the band. */
const bandRow = (layout: ProfileLayout) => Math.floor((layout.bandTop + layout.bandBottom) / 2);

/** Distances in the middle of level runs, away from their edges, spread along the drive. */
const RUN_MIDDLES = [0, 3, 7, 12, 18, 24, 31, 38].map((run) => (run + 0.5) * LEVEL_RUN_METERS);

// ---- tests ---------------------------------------------------------------------------------------

describe('ProfilePanel drawing', () => {
  test('the canvas fills its container at device resolution', async () => {
    const m = mount();
    await frames();
    expect(m.canvas.clientWidth).toBe(PANEL_WIDTH_CSS);
    expect(m.canvas.clientHeight).toBe(PANEL_HEIGHT_CSS);
    expect(m.canvas.width).toBe(Math.round(PANEL_WIDTH_CSS * devicePixelRatio));
    expect(m.canvas.height).toBe(Math.round(PANEL_HEIGHT_CSS * devicePixelRatio));
    expect(m.canvas.tabIndex).toBe(0);
    expect(m.canvas.getAttribute('aria-label')).toMatch(/profile/i);

    m.host.style.width = '500px'; // the container narrows: the canvas follows and redraws
    await frames(3);
    expect(m.canvas.width).toBe(Math.round(500 * devicePixelRatio));
    const layout = layoutOf(m.canvas);
    const d = RUN_MIDDLES[4];
    expect(pixel(m.canvas, columnAt(layout, d), bandRow(layout))).toEqual(rgb(CURVE_LEVEL_COLOURS[levelAt(d)]));
  });

  test('the band has the colour of the curve level at each distance', async () => {
    const m = mount();
    await frames();
    const layout = layoutOf(m.canvas);
    const seen = new Set<number>();
    for (const d of RUN_MIDDLES) {
      const level = levelAt(d);
      seen.add(level);
      expect(pixel(m.canvas, columnAt(layout, d), bandRow(layout)), `band at ${d} m (level ${level})`).toEqual(rgb(CURVE_LEVEL_COLOURS[level]));
    }
    expect(seen.size).toBe(5);
  });

  test('the elevation area is filled where the height is known and empty in the gap', async () => {
    const m = mount();
    await frames();
    const layout = layoutOf(m.canvas);
    const y = layout.plotBottom - 2 * layout.dpr;
    const area = rgb(PROFILE_COLOURS.area);
    for (const d of [50_000, 150_000, 190_000, 230_000, 400_000]) expect(pixel(m.canvas, columnAt(layout, d), y), `area at ${d} m`).toEqual(area);
    for (const d of [203_000, 207_500, 212_000]) expect(pixel(m.canvas, columnAt(layout, d), y), `gap at ${d} m`).not.toEqual(area);
  });

  test('without elevation: the message, and the band still drawn', async () => {
    const m = mount({ data: { ...DATA, elevationMeters: undefined } });
    await frames();
    expect(m.host.textContent).toContain('Load elevation data to see the profile');
    const layout = layoutOf(m.canvas);
    const area = rgb(PROFILE_COLOURS.area);
    expect(pixel(m.canvas, columnAt(layout, 50_000), layout.plotBottom - 2 * layout.dpr)).not.toEqual(area);
    expect(pixel(m.canvas, columnAt(layout, RUN_MIDDLES[2]), bandRow(layout))).toEqual(rgb(CURVE_LEVEL_COLOURS[levelAt(RUN_MIDDLES[2])]));
    m.rerender({ data: null });
    expect(m.host.textContent).toContain('Draw a drive to see its profile');
  });

  test('the real Ajaccio route: the band follows its RC-1 level spans', async () => {
    const text = await commands.readFile(OSRM_AJACCIO).catch((err: unknown) => {
      throw new Error(`Missing shared fixture ${OSRM_AJACCIO} (expected beside the repository in ../shared): ${String(err)}`);
    });
    const geometry = (JSON.parse(text) as OsrmRouteResponse).routes?.[0]?.geometry;
    if (typeof geometry !== 'string') throw new Error(`${OSRM_AJACCIO} has no encoded route geometry`);
    const profile = scoreCurvature(decodePolyline(geometry, 5)).profile!;
    const data: ProfileData = { distanceMeters: profile.distanceMeters, curveLevel: profile.level, radiusMeters: profile.radiusMeters };
    const m = mount({ data });
    await frames();
    expect(m.host.textContent).toContain('Load elevation data');
    const layout = layoutOf(m.canvas);
    const n = profile.distanceMeters.length;
    const from = profile.distanceMeters[0];
    const to = profile.distanceMeters[n - 1];
    const metersPerColumn = (to - from) / (layout.right - layout.left);
    const spans = levelSpans(profile);
    let checked = 0;
    for (let s = 0; s < spans.level.length; s++) {
      if (spans.endMeters[s] - spans.startMeters[s] < 4 * metersPerColumn) continue; // a span this wide owns its middle column
      const middle = (spans.startMeters[s] + spans.endMeters[s]) / 2;
      const x = Math.floor(layout.left + xAtDistance(middle, from, to, layout.right - layout.left));
      expect(pixel(m.canvas, x, bandRow(layout)), `span ${s} at ${Math.round(middle)} m`).toEqual(rgb(CURVE_LEVEL_COLOURS[spans.level[s]]));
      checked++;
    }
    expect(checked).toBeGreaterThan(5);
  });
});

describe('ProfilePanel hover and selection', () => {
  test('hovering with the real pointer reports the distance under it (±1 px) and draws the cursor', async () => {
    const m = mount();
    await frames();
    const layout = layoutOf(m.canvas);
    for (const cssX of [120, 333, 610]) {
      await userEvent.hover(m.canvas, { position: { x: cssX, y: 40 } });
      const expected = distanceAtCss(layout, cssX + 0.5 / layout.dpr);
      const reported = m.onHover.mock.lastCall?.[0];
      expect(reported, `hover at x=${cssX}`).toBeTypeOf('number');
      expect(Math.abs((reported as number) - expected.d)).toBeLessThanOrEqual(expected.perCssPx);
    }
    await frames();
    const last = m.onHover.mock.lastCall?.[0] as number;
    expect(pixel(m.canvas, columnAt(layout, last), bandRow(layout))).toEqual(rgb(PROFILE_COLOURS.cursor));
    await userEvent.unhover(document.body, { position: { x: 2, y: 2 } });
    expect(m.onHover.mock.lastCall?.[0]).toBeNull();
  });

  test('dragging selects the range between press and release (±1 px), in either direction', async () => {
    const m = mount();
    await frames();
    const layout = layoutOf(m.canvas);
    await userEvent.dragAndDrop(m.canvas, m.canvas, { sourcePosition: { x: 200, y: 60 }, targetPosition: { x: 500, y: 70 }, steps: 8, force: true });
    expect(m.onRangeChange).toHaveBeenCalledTimes(1);
    const range = m.onRangeChange.mock.calls[0][0]!;
    const a = distanceAtCss(layout, 200 + 0.5 / layout.dpr);
    const b = distanceAtCss(layout, 500 + 0.5 / layout.dpr);
    expect(Math.abs(range.fromMeters - a.d)).toBeLessThanOrEqual(a.perCssPx);
    expect(Math.abs(range.toMeters - b.d)).toBeLessThanOrEqual(b.perCssPx);

    // Controlled: once the owner passes the range back, it is shaded.
    m.rerender({ range });
    await frames();
    const inside = (range.fromMeters + range.toMeters) / 2;
    const plain = rgb(CURVE_LEVEL_COLOURS[levelAt(inside)]);
    const shaded = pixel(m.canvas, columnAt(layout, inside), bandRow(layout));
    expect(shaded).not.toEqual(plain);
    expect(shaded[2]).toBeGreaterThanOrEqual(plain[2]); // tinted blue

    await userEvent.dragAndDrop(m.canvas, m.canvas, { sourcePosition: { x: 650, y: 60 }, targetPosition: { x: 300, y: 60 }, steps: 8, force: true });
    const reversed = m.onRangeChange.mock.lastCall![0]!;
    expect(reversed.fromMeters).toBeLessThan(reversed.toMeters);
    expect(Math.abs(reversed.fromMeters - distanceAtCss(layout, 300.5 / layout.dpr).d)).toBeLessThanOrEqual(a.perCssPx);
  });

  test('a click without a drag clears the range', async () => {
    const m = mount({ range: { fromMeters: 100_000, toMeters: 200_000 } });
    await frames();
    await userEvent.click(m.canvas, { position: { x: 400, y: 60 } });
    expect(m.onRangeChange).toHaveBeenCalledTimes(1);
    expect(m.onRangeChange).toHaveBeenLastCalledWith(null);
  });

  test('Escape clears the range; with no range it does nothing', async () => {
    const m = mount({ range: { fromMeters: 100_000, toMeters: 200_000 } });
    await frames();
    m.canvas.focus();
    await userEvent.keyboard('{Escape}');
    expect(m.onRangeChange).toHaveBeenCalledTimes(1);
    expect(m.onRangeChange).toHaveBeenLastCalledWith(null);
    m.rerender({ range: null });
    await userEvent.keyboard('{Escape}');
    expect(m.onRangeChange).toHaveBeenCalledTimes(1);
  });

  test('hoverMeters from the map draws the cursor there and is not echoed to onHover', async () => {
    const m = mount();
    await frames();
    const layout = layoutOf(m.canvas);
    const d = RUN_MIDDLES[5];
    const x = columnAt(layout, d);
    expect(pixel(m.canvas, x, bandRow(layout))).toEqual(rgb(CURVE_LEVEL_COLOURS[levelAt(d)]));
    m.rerender({ hoverMeters: d });
    await frames();
    expect(pixel(m.canvas, x, bandRow(layout))).toEqual(rgb(PROFILE_COLOURS.cursor));
    m.rerender({ hoverMeters: null });
    await frames();
    expect(pixel(m.canvas, x, bandRow(layout))).toEqual(rgb(CURVE_LEVEL_COLOURS[levelAt(d)]));
    expect(m.onHover).not.toHaveBeenCalled();
  });

  test('keyboard: arrows move the cursor, Shift+arrows grow a range from it, the readout is announced', async () => {
    const m = mount();
    await frames();
    const step = (TO - FROM) / 100;
    m.canvas.focus();
    await userEvent.keyboard('{End}');
    expect(m.onHover).toHaveBeenLastCalledWith(TO);
    await userEvent.keyboard('{Home}{ArrowRight}{ArrowRight}');
    expect(m.onHover.mock.lastCall![0]).toBeCloseTo(FROM + 2 * step, 6);
    m.rerender({ hoverMeters: FROM + 2 * step });
    await userEvent.keyboard('{Shift>}{ArrowRight}{/Shift}');
    const first = m.onRangeChange.mock.lastCall![0]!;
    expect(first.fromMeters).toBeCloseTo(FROM + 2 * step, 6);
    expect(first.toMeters).toBeCloseTo(FROM + 3 * step, 6);
    m.rerender({ range: first, hoverMeters: FROM + 3 * step });
    await userEvent.keyboard('{Shift>}{ArrowRight}{/Shift}');
    expect(m.onRangeChange.mock.lastCall![0]!.toMeters).toBeCloseTo(FROM + 4 * step, 6);
    expect(m.host.querySelector('[aria-live]')!.textContent).toMatch(/^\d+\.\d+ km · -?\d+ m · (straight|broad|medium|tight|hairpin)/);
  });

  test('miles: the readout is in miles and feet', async () => {
    const m = mount({ units: 'mi' });
    await frames();
    m.canvas.focus();
    await userEvent.keyboard('{End}');
    const miles = (TO / 1609.344).toFixed(1);
    expect(m.host.querySelector('[aria-live]')!.textContent).toMatch(new RegExp(`^${miles} mi · -?\\d+ ft · `));
  });
});

describe('ProfileChart render cost (100,000 samples)', () => {
  function mountChart(): { chart: ProfileChart; canvas: HTMLCanvasElement; host: HTMLDivElement } {
    const host = document.createElement('div');
    host.style.cssText = `position:absolute; left:20px; top:260px; width:${PANEL_WIDTH_CSS}px; height:${PANEL_HEIGHT_CSS}px;`;
    const canvas = document.createElement('canvas');
    canvas.style.cssText = 'display:block; width:100%; height:100%';
    host.appendChild(canvas);
    document.body.appendChild(host);
    const chart = new ProfileChart(canvas, { onHover: () => undefined, onRangeChange: () => undefined });
    return { chart, canvas, host };
  }

  test('many hovers in one frame draw one overlay and never redraw the static layer', async () => {
    const { chart, host } = mountChart();
    try {
      chart.setData(DATA);
      await frames();
      const before = chart.drawCounts;
      expect(before.staticLayer).toBeGreaterThanOrEqual(1);
      for (let k = 0; k < 10; k++) chart.setHover(FROM + ((TO - FROM) * k) / 10);
      chart.setRange({ fromMeters: 10_000, toMeters: 90_000 });
      await frames();
      expect(chart.drawCounts).toEqual({ staticLayer: before.staticLayer, overlay: before.overlay + 1 });
      chart.setUnits('mi');
      await frames();
      expect(chart.drawCounts.staticLayer).toBe(before.staticLayer + 1);
    } finally {
      chart.destroy();
      host.remove();
    }
  });

  test('prints full and hover redraw times beside a naive per-sample baseline (not asserted)', async () => {
    const { chart, canvas, host } = mountChart();
    try {
      chart.setData(DATA);
      await frames();
      const flush = () => canvas.getContext('2d')!.getImageData(0, 0, 1, 1); // make the rasteriser finish inside the timing
      const stats = (xs: number[]) => {
        const s = [...xs].sort((p, q) => p - q);
        return `median ${s[Math.floor(s.length / 2)].toFixed(2)} ms, p95 ${s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)].toFixed(2)} ms`;
      };
      const runs = 30;
      const measure = (label: string): string => {
        const full: number[] = [];
        const hover: number[] = [];
        for (let k = 0; k < runs; k++) {
          chart.setData({ ...DATA }); // a new object: static layer dirty
          let t = performance.now();
          chart.redraw();
          flush();
          full.push(performance.now() - t);
          chart.setHover(FROM + ((TO - FROM) * (k + 0.5)) / runs);
          t = performance.now();
          chart.redraw();
          flush();
          hover.push(performance.now() - t);
        }
        return `  ${label}, ${canvas.width}×${canvas.height} device px (${runs} runs each)\n` +
          `    full redraw (static layer + composite): ${stats(full)}\n` +
          `    hover redraw (composite only):          ${stats(hover)}\n`;
      };
      const atDpr1 = measure('dpr 1');
      chart.resize(PANEL_WIDTH_CSS, PANEL_HEIGHT_CSS, 2 * PANEL_WIDTH_CSS, 2 * PANEL_HEIGHT_CSS);
      const atDpr2 = measure('dpr 2');
      const baseline: number[] = [];
      for (let k = 0; k < 10; k++) {
        const t = performance.now();
        naiveFullDraw(canvas);
        flush();
        baseline.push(performance.now() - t);
      }
      console.log(
        `[profile render, ${SAMPLES} samples]\n${atDpr1}${atDpr2}` +
        `  baseline, naive per-sample draw at ${canvas.width}×${canvas.height}: ${stats(baseline)} (10 runs)`,
      );
      expect(chart.drawCounts.staticLayer).toBeGreaterThanOrEqual(2 * runs);
    } finally {
      chart.destroy();
      host.remove();
    }
  });
});

/** What the panel avoids: one path vertex and one band rectangle per sample, at full resolution. */
function naiveFullDraw(canvas: HTMLCanvasElement): void {
  const ctx = canvas.getContext('2d')!;
  const w = canvas.width;
  const h = canvas.height;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, w, h);
  const { distanceMeters: d, elevationMeters: e, curveLevel: l } = DATA;
  const x = (i: number) => ((d[i] - FROM) / (TO - FROM)) * w;
  ctx.beginPath();
  ctx.moveTo(0, h);
  for (let i = 0; i < SAMPLES; i++) if (e![i] === e![i]) ctx.lineTo(x(i), h - 20 - ((e![i] - 200) / 1500) * (h - 40));
  ctx.lineTo(w, h);
  ctx.fill();
  for (let i = 0; i + 1 < SAMPLES; i++) {
    ctx.fillStyle = CURVE_LEVEL_COLOURS[l[i]];
    ctx.fillRect(x(i), h - 20, x(i + 1) - x(i), 10);
  }
}
