/**
 * Browser adapter: decodes an encoded PNG/WebP/JPEG terrain tile to RGBA pixels with
 * `createImageBitmap` + `OffscreenCanvas` (works on the main thread and in workers).
 *
 * Colour management is switched off (`colorSpaceConversion: 'none'`, `premultiplyAlpha: 'none'`):
 * terrain-RGB pixels are numbers, and any gamma/ICC conversion or premultiplication would
 * silently change the decoded heights.
 */
import type { RgbaImage } from '../core/elevation/terrain-rgb';

/** The image MIME type from the file's magic bytes; `undefined` when unrecognised. */
export function sniffImageType(bytes: Uint8Array): string | undefined {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image/png';
  if (bytes.length >= 12 && bytes[0] === 0x52 && bytes[1] === 0x49 && bytes[2] === 0x46 && bytes[3] === 0x46 &&
    bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) return 'image/webp';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return undefined;
}

/** Decodes image bytes to RGBA. Rejects with a message naming the problem when the bytes are not an image. */
export async function decodeImageToRgba(bytes: Uint8Array, mimeType?: string): Promise<RgbaImage> {
  const type = mimeType ?? sniffImageType(bytes);
  if (!type) throw new Error(`not a PNG, WebP or JPEG image (first bytes ${[...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ')})`);
  // Copy into a fresh ArrayBuffer-backed array: Blob needs one, and the caller may reuse its buffer.
  const blob = new Blob([new Uint8Array(bytes)], { type });
  const bitmap = await createImageBitmap(blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('this browser cannot create a 2D OffscreenCanvas context');
    context.drawImage(bitmap, 0, 0);
    const pixels = context.getImageData(0, 0, bitmap.width, bitmap.height, { colorSpace: 'srgb' });
    return { width: pixels.width, height: pixels.height, data: pixels.data };
  } finally {
    bitmap.close();
  }
}
