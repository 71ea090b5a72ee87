/**
 * Character data decoding for the XML scanner: the five predefined entities, numeric character
 * references and line-end normalisation (XML 1.0 §2.11, §4.6). GPX files never declare their own
 * entities, so any other `&name;` is an error rather than something to look up in a DTD.
 */

/** Reports a bad reference at `offset` (an index into the scanned text); must throw. */
export type EntityErrorHandler = (offset: number, message: string) => never;

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Decodes `text[start, end)`: entity and character references are replaced, and `\r\n` / `\r`
 * become `\n` as an XML processor must. Raw text without `&` or `\r` is returned as one slice.
 */
export function decodeCharData(text: string, start: number, end: number, onError: EntityErrorHandler): string {
  // Work on the slice, not on `text`: an indexOf over the whole document would run to its end
  // whenever the range holds no "&", which makes a large file quadratic.
  const raw = text.slice(start, end);
  let amp = raw.indexOf('&');
  if (amp === -1) return normalizeLineEnds(raw);
  let out = '';
  let from = 0;
  while (amp !== -1) {
    out += normalizeLineEnds(raw.slice(from, amp));
    const semi = raw.indexOf(';', amp + 1);
    if (semi === -1 || semi - amp > 12) {
      onError(start + amp, 'a "&" must start an entity such as &amp; (write a literal ampersand as &amp;)');
    }
    out += decodeReference(raw.slice(amp + 1, semi), start + amp, onError);
    from = semi + 1;
    amp = raw.indexOf('&', from);
  }
  // A `&#13;` reference is a deliberate CR, so only the raw pieces are normalised.
  return out + normalizeLineEnds(raw.slice(from));
}

/** The replacement text of a reference `&body;` found at `offset`. */
function decodeReference(body: string, offset: number, onError: EntityErrorHandler): string {
  if (body.charCodeAt(0) !== 35 /* # */) {
    const named = NAMED[body];
    if (named === undefined) {
      onError(offset, `unknown entity &${body}; (XML only knows &lt; &gt; &amp; &quot; &apos; and numeric references like &#233;)`);
    }
    return named;
  }
  const hex = body.charCodeAt(1) === 120 /* x */;
  const digits = body.slice(hex ? 2 : 1);
  const valid = hex ? /^[0-9a-fA-F]+$/.test(digits) : /^[0-9]+$/.test(digits);
  const code = valid ? parseInt(digits, hex ? 16 : 10) : NaN;
  if (!isXmlChar(code)) onError(offset, `&${body}; is not a character allowed in XML`);
  return String.fromCodePoint(code);
}

/** XML 1.0 `Char` production: tab, LF, CR and everything from U+0020 except surrogates and U+FFFE/U+FFFF. */
export function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

function normalizeLineEnds(s: string): string {
  return s.indexOf('\r') === -1 ? s : s.replace(/\r\n?/g, '\n');
}
