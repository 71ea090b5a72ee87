/**
 * The profile's canvas, imperatively: sizing (ResizeObserver, device pixels), frame scheduling,
 * pointer and keyboard input. React (`ProfilePanel`) only pushes props in; this class never
 * re-renders React on hover.
 *
 * Frames: changes mark the static layer and/or the overlay dirty and ask for one animation frame;
 * however many changes arrive, a frame draws once. A hover only dirties the overlay, which
 * composites the cached static layer instead of re-reading the samples.
 */
import type { DistanceUnits } from '../../core/format';
import {
  clamp, distanceAtX, extendRange, formatHoverReadout, orderedRange, profileExtent, sameRange,
  type DistanceRange, type ProfileData,
} from '../../core/profile';
import { drawOverlay, drawStaticLayer, profileLayout, type HeightScale, type ProfileLayout } from './profile-draw';

export interface ProfileChartCallbacks {
  /** The user moved the cursor on the profile (pointer or keyboard); null when it left. */
  onHover(distanceMeters: number | null): void;
  /** The user selected a range (end of a drag, Shift+arrows) or cleared it (click, Escape). */
  onRangeChange(range: DistanceRange | null): void;
  /** Text for screen readers after a keyboard move (the readout at the cursor). */
  announce?(text: string): void;
}

/** A press moves this far (CSS px) before it counts as a drag rather than a click. */
const DRAG_THRESHOLD_CSS = 3;
/** Arrow keys move the cursor by this share of the drive. */
const KEY_STEP_SHARE = 0.01;

type StaticLayer = OffscreenCanvas | HTMLCanvasElement;

export class ProfileChart {
  private readonly canvas: HTMLCanvasElement;
  private readonly callbacks: ProfileChartCallbacks;
  private readonly layer: StaticLayer;
  private readonly observer: ResizeObserver | null;
  private layout: ProfileLayout | null = null;
  private data: ProfileData | null = null;
  private extent: DistanceRange | null = null;
  private units: DistanceUnits = 'km';
  private scale: HeightScale | null = null;
  private cursorMeters: number | null = null;
  private cursorFromKeyboard = false;
  private range: DistanceRange | null = null;
  private press: { x: number; distanceMeters: number; pointerId: number } | null = null;
  private dragRange: DistanceRange | null = null;
  private staticDirty = true;
  private overlayDirty = true;
  private frame = 0;
  private staticDraws = 0;
  private overlayDraws = 0;

  constructor(canvas: HTMLCanvasElement, callbacks: ProfileChartCallbacks) {
    this.canvas = canvas;
    this.callbacks = callbacks;
    this.layer = typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(1, 1) : document.createElement('canvas');
    canvas.addEventListener('pointerdown', this.onPointerDown);
    canvas.addEventListener('pointermove', this.onPointerMove);
    canvas.addEventListener('pointerup', this.onPointerUp);
    canvas.addEventListener('pointercancel', this.onPointerCancel);
    canvas.addEventListener('pointerleave', this.onPointerLeave);
    canvas.addEventListener('keydown', this.onKeyDown);
    canvas.addEventListener('blur', this.onBlur);
    this.observer = typeof ResizeObserver === 'function' ? new ResizeObserver(this.onResize) : null;
    if (this.observer) {
      try {
        this.observer.observe(canvas, { box: 'device-pixel-content-box' });
      } catch {
        this.observer.observe(canvas); // browsers without device-pixel boxes: CSS size × devicePixelRatio
      }
    }
  }

  /** How many times each layer was drawn (diagnostics and tests: a hover must not redraw the static layer). */
  get drawCounts(): { staticLayer: number; overlay: number } {
    return { staticLayer: this.staticDraws, overlay: this.overlayDraws };
  }

  setData(data: ProfileData | null): void {
    if (data === this.data) return;
    this.data = data;
    this.extent = profileExtent(data);
    if (this.dragRange) this.cancelDrag();
    this.invalidate(true);
  }

  setUnits(units: DistanceUnits): void {
    if (units === this.units) return;
    this.units = units;
    this.invalidate(true);
  }

  /** Cursor from outside (the map's hover): drawn, never echoed to `onHover`. */
  setHover(distanceMeters: number | null): void {
    if (distanceMeters === this.cursorMeters) return;
    this.cursorMeters = distanceMeters;
    this.cursorFromKeyboard = false;
    this.invalidate(false);
  }

  /** The selected range (controlled by the owner). */
  setRange(range: DistanceRange | null): void {
    if (sameRange(range, this.range)) return;
    this.range = range;
    this.invalidate(false);
  }

  /**
   * Sizes the canvas to `cssWidth` × `cssHeight` CSS pixels backed by `widthPx` × `heightPx` device
   * pixels and draws at once (resizing clears a canvas; waiting for a frame would flash it blank).
   */
  resize(cssWidth: number, cssHeight: number, widthPx = Math.round(cssWidth * devicePixelRatio), heightPx = Math.round(cssHeight * devicePixelRatio)): void {
    if (!(cssWidth > 0) || !(cssHeight > 0) || !(widthPx > 0) || !(heightPx > 0)) return;
    const dpr = widthPx / cssWidth;
    const layout = this.layout;
    if (layout && layout.widthPx === widthPx && layout.heightPx === heightPx && layout.dpr === dpr) return;
    this.canvas.width = widthPx;
    this.canvas.height = heightPx;
    this.layer.width = widthPx;
    this.layer.height = heightPx;
    this.layout = profileLayout(widthPx, heightPx, dpr);
    this.staticDirty = true;
    this.overlayDirty = true;
    this.redraw();
  }

  /** Draws whatever is dirty, now. Animation frames call this; tests call it to time a redraw. */
  redraw(): void {
    const layout = this.layout;
    if (!layout) return;
    if (this.staticDirty) {
      const layerContext = this.layer.getContext('2d') as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
      if (!layerContext) return;
      this.scale = drawStaticLayer(layerContext, layout, this.data, this.units);
      this.staticDirty = false;
      this.overlayDirty = true;
      this.staticDraws++;
    }
    if (this.overlayDirty) {
      const context = this.canvas.getContext('2d');
      if (!context) return;
      drawOverlay(context, this.layer, layout, this.data, this.units, this.scale, {
        cursorMeters: this.cursorMeters,
        range: this.dragRange ?? this.range,
      });
      this.overlayDirty = false;
      this.overlayDraws++;
    }
  }

  destroy(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.observer?.disconnect();
    const canvas = this.canvas;
    canvas.removeEventListener('pointerdown', this.onPointerDown);
    canvas.removeEventListener('pointermove', this.onPointerMove);
    canvas.removeEventListener('pointerup', this.onPointerUp);
    canvas.removeEventListener('pointercancel', this.onPointerCancel);
    canvas.removeEventListener('pointerleave', this.onPointerLeave);
    canvas.removeEventListener('keydown', this.onKeyDown);
    canvas.removeEventListener('blur', this.onBlur);
  }

  private invalidate(staticLayer: boolean): void {
    if (staticLayer) this.staticDirty = true;
    this.overlayDirty = true;
    if (!this.frame && typeof requestAnimationFrame === 'function') this.frame = requestAnimationFrame(this.onFrame);
  }

  private readonly onFrame = (): void => {
    this.frame = 0;
    this.redraw();
  };

  private readonly onResize = (entries: ResizeObserverEntry[]): void => {
    const entry = entries[entries.length - 1];
    const device = entry.devicePixelContentBoxSize?.[0];
    const { width, height } = entry.contentRect;
    if (device) this.resize(width, height, device.inlineSize, device.blockSize);
    else this.resize(width, height);
  };

  /** Pointer x in CSS px from the canvas's left edge → distance along the drive. */
  private distanceAtPointer(event: PointerEvent): { x: number; distanceMeters: number } | null {
    const layout = this.layout;
    const extent = this.extent;
    if (!layout || !extent) return null;
    const rect = this.canvas.getBoundingClientRect();
    const x = event.clientX - rect.left;
    const devicePx = rect.width > 0 ? (x * layout.widthPx) / rect.width : 0;
    return { x, distanceMeters: distanceAtX(devicePx - layout.left, extent.fromMeters, extent.toMeters, layout.right - layout.left) };
  }

  private moveCursor(distanceMeters: number | null, fromKeyboard: boolean): void {
    this.cursorFromKeyboard = fromKeyboard && distanceMeters !== null;
    if (distanceMeters === this.cursorMeters) return;
    this.cursorMeters = distanceMeters;
    this.invalidate(false);
    this.callbacks.onHover(distanceMeters);
  }

  private commitRange(range: DistanceRange | null): void {
    if (sameRange(range, this.range)) return;
    this.callbacks.onRangeChange(range);
  }

  private cancelDrag(): void {
    if (this.press && this.canvas.hasPointerCapture(this.press.pointerId)) this.canvas.releasePointerCapture(this.press.pointerId);
    this.press = null;
    this.dragRange = null;
    this.invalidate(false);
  }

  private readonly onPointerDown = (event: PointerEvent): void => {
    if (event.button !== 0) return;
    const at = this.distanceAtPointer(event);
    if (!at) return;
    this.press = { x: at.x, distanceMeters: at.distanceMeters, pointerId: event.pointerId };
    this.canvas.setPointerCapture(event.pointerId);
  };

  private readonly onPointerMove = (event: PointerEvent): void => {
    const at = this.distanceAtPointer(event);
    if (!at || !this.extent) return;
    const press = this.press;
    if (press && (this.dragRange || Math.abs(at.x - press.x) >= DRAG_THRESHOLD_CSS)) {
      this.dragRange = orderedRange(press.distanceMeters, at.distanceMeters, this.extent.fromMeters, this.extent.toMeters)
        ?? { fromMeters: press.distanceMeters, toMeters: press.distanceMeters };
      this.invalidate(false);
    }
    this.moveCursor(at.distanceMeters, false);
  };

  private readonly onPointerUp = (event: PointerEvent): void => {
    const press = this.press;
    if (!press) return;
    const dragged = this.dragRange;
    this.press = null;
    this.dragRange = null;
    if (this.canvas.hasPointerCapture(event.pointerId)) this.canvas.releasePointerCapture(event.pointerId);
    if (dragged) {
      this.invalidate(false);
      this.commitRange(dragged.toMeters > dragged.fromMeters ? dragged : null);
    } else {
      this.commitRange(null); // a click without a drag clears the selection
    }
    const rect = this.canvas.getBoundingClientRect();
    const outside = event.clientX < rect.left || event.clientX >= rect.right || event.clientY < rect.top || event.clientY >= rect.bottom;
    if (outside) this.moveCursor(null, false); // captured pointer released off the canvas: the hover ends
  };

  private readonly onPointerCancel = (): void => {
    if (this.press) this.cancelDrag();
    this.moveCursor(null, false);
  };

  private readonly onPointerLeave = (): void => {
    if (!this.press) this.moveCursor(null, false);
  };

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    const extent = this.extent;
    if (!extent) return;
    const { fromMeters, toMeters } = extent;
    const step = (toMeters - fromMeters) * KEY_STEP_SHARE;
    switch (event.key) {
      case 'ArrowLeft':
      case 'ArrowRight': {
        const delta = event.key === 'ArrowRight' ? step : -step;
        if (event.shiftKey) {
          const next = extendRange(this.range, this.cursorMeters, delta, fromMeters, toMeters);
          this.moveCursor(next.cursorMeters, true);
          this.commitRange(next.range);
        } else {
          this.moveCursor(this.cursorMeters === null ? fromMeters : clamp(this.cursorMeters + delta, fromMeters, toMeters), true);
        }
        break;
      }
      case 'Home':
      case 'End':
        this.moveCursor(event.key === 'Home' ? fromMeters : toMeters, true);
        break;
      case 'Escape':
        if (this.press) this.cancelDrag();
        else if (this.range) this.commitRange(null);
        else return;
        event.preventDefault();
        return;
      default:
        return;
    }
    event.preventDefault();
    if (this.cursorMeters !== null) this.callbacks.announce?.(formatHoverReadout(this.data, this.cursorMeters, this.units));
  };

  private readonly onBlur = (): void => {
    if (this.cursorFromKeyboard) this.moveCursor(null, false);
  };
}
