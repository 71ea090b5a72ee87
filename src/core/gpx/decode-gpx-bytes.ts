/**
 * File bytes → text for `readGpx`. GPX is UTF-8 in practice, but old GPSBabel and device files
 * declare `encoding="ISO-8859-1"` or `windows-1252`; decoding those as UTF-8 would turn every
 * accented name into U+FFFD. So: a UTF-8 BOM or a UTF-8/absent declaration means UTF-8, any other
 * declared encoding the platform's TextDecoder knows is honoured, and unknown labels fall back to UTF-8.
 * (TextDecoder is part of every runtime the core targets: browsers, workers and Node.)
 */

export function decodeGpxBytes(bytes: Uint8Array): string {
  const label = declaredEncoding(bytes);
  if (label && !/^utf-?8$/i.test(label)) {
    try {
      return new TextDecoder(label).decode(bytes);
    } catch {
      // Unknown label: fall through to UTF-8.
    }
  }
  return new TextDecoder('utf-8').decode(bytes);
}

/** The `encoding` of the XML declaration, if the file starts with one (after an optional BOM/whitespace). */
function declaredEncoding(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  let head = '';
  for (let i = 0; i < Math.min(bytes.length, 256); i++) head += String.fromCharCode(bytes[i]);
  return /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)?.[1];
}
