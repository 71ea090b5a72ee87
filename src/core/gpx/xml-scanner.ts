/**
 * A small namespace-aware pull scanner for XML documents held in one string.
 *
 * It exists because GPX import must run without a DOM (in workers and in the Node CLI) and must
 * stay fast on 10 MB recordings: the scanner walks the text with `indexOf`/`charCodeAt`, keeps
 * attributes as offsets into the text, and materialises a string only when the caller asks for
 * one (`attr`, `readText`). Numbers are parsed in place (`attrNumber`, `readNumber`).
 *
 * Contract:
 * - `next()` returns START, END or EOF; character data, comments, processing instructions, CDATA
 *   and a DOCTYPE between tags are skipped. `<a/>` yields START then END.
 * - After START, `name`, `localName`, `namespaceUri` and the attribute accessors describe that
 *   element; after END the name fields describe the element just closed.
 * - Element names are resolved against the `xmlns` declarations in scope (declared on the element
 *   itself or any ancestor), so callers match on namespace URI + local name and never on prefixes.
 *   Unprefixed attributes are in no namespace and are looked up by their plain name.
 * - Well-formedness is checked where it costs nothing extra: tag balance, names, attribute syntax
 *   and uniqueness, quoting, undeclared prefixes, unterminated comments/CDATA/PIs, a single root
 *   element, and references in any text or attribute the caller reads. Text the caller skips is
 *   not inspected.
 * - Errors are `XmlSyntaxError`s whose message starts with "Line N:".
 */
import { decodeCharData } from './xml-entities';
import { parseDecimal } from './parse-decimal';

export const XML_EOF = 0;
export const XML_START = 1;
export const XML_END = 2;
export type XmlToken = typeof XML_EOF | typeof XML_START | typeof XML_END;

/** Malformed XML. `line` is 1-based; the message already starts with "Line N: ". */
export class XmlSyntaxError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(`Line ${line}: ${message}`);
    this.name = 'XmlSyntaxError';
    this.line = line;
  }
}

export interface XmlScannerOptions {
  /** Where scanning starts (e.g. 1 to skip a byte-order mark). */
  start?: number;
  /** Called with the current offset every `checkpointInterval` start tags; may throw to stop the scan. */
  checkpoint?: (offset: number) => void;
  checkpointInterval?: number;
}

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
/** Slots of the element-name cache (a power of two). */
const NAME_CACHE_SIZE = 64;

/** Cache slot of a name from its first and last character and length (GPX names rarely collide). */
function nameSlot(first: number, last: number, length: number): number {
  return (first * 7 + last * 3 + length) & (NAME_CACHE_SIZE - 1);
}

export class XmlScanner {
  /** Qualified name as written (`gpxx:rpt`). */
  name = '';
  localName = '';
  /** Resolved namespace URI; '' for no namespace. */
  namespaceUri = '';
  /** Number of open elements; the root element is at depth 1 once its START is returned. */
  depth = 0;

  private readonly text: string;
  private pos: number;
  /** Offset of the `<` of the current tag, for error lines. */
  private tagStart = 0;
  private selfClosingPending = false;
  private rootSeen = false;
  private rootClosed = false;

  // Attributes of the current start tag as [nameStart, nameEnd, valueStart, valueEnd] offsets.
  private attrOffsets = new Int32Array(64);
  private attrCount = 0;

  // Open elements.
  private readonly openNames: string[] = [];
  private readonly openLocals: string[] = [];
  private readonly openUris: string[] = [];
  private readonly openStarts: number[] = [];
  private readonly openNsMarks: number[] = [];

  // Namespace bindings in scope, innermost last.
  private readonly nsPrefixes: string[] = [];
  private readonly nsUris: string[] = [];
  private nsCount = 0;

  // Element names seen so far with their resolution, direct-mapped by `nameSlot`. An entry's
  // resolution is valid while the namespace bindings in scope are unchanged (`nsVersion` changes
  // whenever they change).
  private readonly nameCache: (string | undefined)[] = new Array(NAME_CACHE_SIZE).fill(undefined);
  private readonly localCache: string[] = new Array(NAME_CACHE_SIZE).fill('');
  private readonly uriCache: string[] = new Array(NAME_CACHE_SIZE).fill('');
  private readonly nsCacheVersion: number[] = new Array(NAME_CACHE_SIZE).fill(-1);
  private nsVersion = 0;

  private readonly checkpoint?: (offset: number) => void;
  private readonly checkpointMask: number;
  private startTags = 0;

  constructor(text: string, options: XmlScannerOptions = {}) {
    this.text = text;
    this.pos = options.start ?? 0;
    this.checkpoint = options.checkpoint;
    // Round the interval up to a power of two so the check is a mask test.
    const interval = Math.max(1, options.checkpointInterval ?? 1024);
    this.checkpointMask = 2 ** Math.ceil(Math.log2(interval)) - 1;
  }

  /** Advances to the next start tag, end tag or the end of the document. */
  next(): XmlToken {
    if (this.selfClosingPending) {
      this.selfClosingPending = false;
      this.popElement();
      return XML_END;
    }
    const text = this.text;
    for (;;) {
      const lt = text.indexOf('<', this.pos);
      if (this.depth === 0) this.checkOutsideText(this.pos, lt === -1 ? text.length : lt);
      if (lt === -1) return this.endOfInput();
      const c = text.charCodeAt(lt + 1);
      if (c === 47 /* / */) {
        this.readEndTag(lt);
        return XML_END;
      }
      if (c === 33 /* ! */) {
        this.skipMarkupDeclaration(lt, false);
        continue;
      }
      if (c === 63 /* ? */) {
        this.skipProcessingInstruction(lt);
        continue;
      }
      this.readStartTag(lt);
      return XML_START;
    }
  }

  /**
   * Call right after START of an element at `depth`: advances to its next child START (true) or
   * to its own END (false).
   */
  nextChild(parentDepth: number): boolean {
    const token = this.next();
    if (token === XML_START) return true;
    if (token === XML_END && this.depth < parentDepth) return false;
    return this.fail(this.pos, 'unexpected end of the document');
  }

  /** Call right after START: skips the element and everything in it, through its END. */
  skipElement(): void {
    const depth = this.depth;
    while (this.depth >= depth) {
      if (this.next() === XML_EOF) return;
    }
  }

  /**
   * Call right after START: returns the element's text content (character data and CDATA of it
   * and its descendants, references decoded, line ends normalised) and consumes its END.
   */
  readText(): string {
    if (this.selfClosingPending) {
      this.next();
      return '';
    }
    const text = this.text;
    const depth = this.depth;
    let out = '';
    for (;;) {
      const lt = text.indexOf('<', this.pos);
      if (lt === -1) return this.endOfInput() as never;
      if (lt > this.pos) out += this.decode(this.pos, lt);
      const c = text.charCodeAt(lt + 1);
      if (c === 47 /* / */) {
        this.readEndTag(lt);
        if (this.depth < depth) return out;
      } else if (c === 33 /* ! */) {
        out += this.skipMarkupDeclaration(lt, true);
      } else if (c === 63 /* ? */) {
        this.skipProcessingInstruction(lt);
      } else {
        this.readStartTag(lt);
        if (this.selfClosingPending) {
          this.selfClosingPending = false;
          this.popElement();
        }
      }
    }
  }

  /** Call right after START: the element's content as a decimal number (NaN when empty or not a number). */
  readNumber(): number {
    return this.readParsed(parseDecimal);
  }

  /**
   * Call right after START: the element's text content passed through `parse(text, start, end)`.
   * Plain content directly followed by the element's end tag is parsed in place, without making
   * a string; anything else (references, CDATA, comments, children) goes through `readText`.
   */
  readParsed(parse: (text: string, start: number, end: number) => number): number {
    if (!this.selfClosingPending) {
      const lt = this.text.indexOf('<', this.pos);
      if (lt !== -1 && this.text.charCodeAt(lt + 1) === 47 && !this.hasReference(this.pos, lt)) {
        const value = parse(this.text, this.pos, lt);
        this.readEndTag(lt);
        return value;
      }
    }
    const content = this.readText();
    return parse(content, 0, content.length);
  }

  /** The decoded value of attribute `qname` on the current start tag, or undefined. */
  attr(qname: string): string | undefined {
    const i = this.findAttr(qname);
    if (i < 0) return undefined;
    const o = this.attrOffsets;
    return normalizeAttributeSpace(this.decode(o[i + 2], o[i + 3]));
  }

  /** Attribute `qname` of the current start tag as a number; NaN when absent or not a number. */
  attrNumber(qname: string): number {
    const i = this.findAttr(qname);
    if (i < 0) return NaN;
    const o = this.attrOffsets;
    if (!this.hasReference(o[i + 2], o[i + 3])) return parseDecimal(this.text, o[i + 2], o[i + 3]);
    const decoded = this.decode(o[i + 2], o[i + 3]);
    return parseDecimal(decoded, 0, decoded.length);
  }

  /** 1-based line of `offset` (defaults to the current tag). */
  lineAt(offset = this.tagStart): number {
    let line = 1;
    for (let i = this.text.indexOf('\n'); i !== -1 && i < offset; i = this.text.indexOf('\n', i + 1)) line++;
    return line;
  }

  /** Throws an `XmlSyntaxError` located at `offset`. */
  fail(offset: number, message: string): never {
    throw new XmlSyntaxError(this.lineAt(offset), message);
  }

  // ---------------------------------------------------------------------------------------------

  private readStartTag(lt: number): void {
    const text = this.text;
    const length = text.length;
    this.tagStart = lt;
    if (this.rootClosed) {
      // `name` still holds the root element, the last one closed.
      this.fail(lt, `content after the end of the root element </${this.name}>: an XML file has exactly one root element`);
    }
    let i = lt + 1;
    while (i < length && !isNameEnd(text.charCodeAt(i))) i++;
    if (i === lt + 1 || !isNameStart(text.charCodeAt(lt + 1))) {
      this.fail(lt, `"<" must start a tag name (write a literal "<" as &lt;)`);
    }
    // Most tags repeat a few names (trkpt, ele, time): reuse the cached string and its
    // resolution instead of slicing and resolving again.
    const slot = nameSlot(text.charCodeAt(lt + 1), text.charCodeAt(i - 1), i - lt - 1);
    const cachedName = this.nameCache[slot];
    const cached = cachedName !== undefined && cachedName.length === i - lt - 1 && text.startsWith(cachedName, lt + 1);
    const name = cached ? cachedName : text.slice(lt + 1, i);
    const nsMark = this.nsCount;

    // "<" may not appear inside attribute values: any value that ends after the next "<" has one.
    let nextLt = text.indexOf('<', i);
    if (nextLt === -1) nextLt = length;
    let count = 0;
    let selfClosing = false;
    for (;;) {
      const afterName = i;
      while (i < length && isSpace(text.charCodeAt(i))) i++;
      if (i >= length) this.fail(lt, `the file ends inside the <${name}> tag`);
      const c = text.charCodeAt(i);
      if (c === 62 /* > */) { i++; break; }
      if (c === 47 /* / */) {
        if (text.charCodeAt(i + 1) !== 62) this.fail(i, `"/" in the <${name}> tag must be followed by ">"`);
        i += 2;
        selfClosing = true;
        break;
      }
      if (i === afterName) this.fail(i, `attributes in the <${name}> tag must be separated by spaces`);
      const nameStart = i;
      while (i < length && !isAttrNameEnd(text.charCodeAt(i))) i++;
      const nameEnd = i;
      if (nameEnd === nameStart) this.fail(i, `unexpected "${text[i]}" in the <${name}> tag`);
      while (i < length && isSpace(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) !== 61 /* = */) this.fail(i, `attribute ${text.slice(nameStart, nameEnd)} in the <${name}> tag has no value (expected ="…")`);
      i++;
      while (i < length && isSpace(text.charCodeAt(i))) i++;
      const quote = text.charCodeAt(i);
      if (quote !== 34 && quote !== 39) this.fail(i, `the value of attribute ${text.slice(nameStart, nameEnd)} must be in quotes`);
      const valueStart = i + 1;
      const valueEnd = text.indexOf(quote === 34 ? '"' : "'", valueStart);
      if (valueEnd === -1) this.fail(i, `the value of attribute ${text.slice(nameStart, nameEnd)} is not closed`);
      if (valueEnd > nextLt) {
        // A "<" before the end of this value (checked once per tag via nextLt, see below).
        this.fail(nextLt, `"<" inside the value of attribute ${text.slice(nameStart, nameEnd)} (write it as &lt;)`);
      }
      i = valueEnd + 1;

      for (let k = 0; k < count; k += 4) {
        if (sameRange(text, this.attrOffsets[k], this.attrOffsets[k + 1], nameStart, nameEnd)) {
          this.fail(nameStart, `attribute ${text.slice(nameStart, nameEnd)} appears twice in the <${name}> tag`);
        }
      }
      if (count + 4 > this.attrOffsets.length) {
        const grown = new Int32Array(this.attrOffsets.length * 2);
        grown.set(this.attrOffsets);
        this.attrOffsets = grown;
      }
      this.attrOffsets[count] = nameStart;
      this.attrOffsets[count + 1] = nameEnd;
      this.attrOffsets[count + 2] = valueStart;
      this.attrOffsets[count + 3] = valueEnd;
      count += 4;

      // xmlns="uri" or xmlns:prefix="uri" opens a namespace scope on this element.
      if (text.charCodeAt(nameStart) === 120 /* x */ && text.startsWith('xmlns', nameStart) && (nameEnd === nameStart + 5 || text.charCodeAt(nameStart + 5) === 58)) {
        const prefix = nameEnd === nameStart + 5 ? '' : text.slice(nameStart + 6, nameEnd);
        this.bindNamespace(prefix, normalizeAttributeSpace(this.decode(valueStart, valueEnd)));
      }
    }
    this.attrCount = count;
    this.pos = i;

    let localName: string;
    let uri: string;
    if (cached && this.nsCacheVersion[slot] === this.nsVersion) {
      localName = this.localCache[slot];
      uri = this.uriCache[slot];
    } else {
      const colon = name.indexOf(':');
      const prefix = colon === -1 ? '' : name.slice(0, colon);
      localName = colon === -1 ? name : name.slice(colon + 1);
      const resolved = this.lookupNamespace(prefix);
      if (resolved === undefined) {
        this.fail(lt, `the namespace prefix "${prefix}" of <${name}> is not declared (an xmlns:${prefix}="…" attribute is missing)`);
      }
      uri = resolved;
      this.nameCache[slot] = name;
      this.localCache[slot] = localName;
      this.uriCache[slot] = uri;
      this.nsCacheVersion[slot] = this.nsVersion;
    }
    this.name = name;
    this.localName = localName;
    this.namespaceUri = uri;
    this.openNames.push(name);
    this.openLocals.push(localName);
    this.openUris.push(uri);
    this.openStarts.push(lt);
    this.openNsMarks.push(nsMark);
    this.depth++;
    this.rootSeen = true;
    this.selfClosingPending = selfClosing;

    if (this.checkpoint !== undefined && (++this.startTags & this.checkpointMask) === 0) this.checkpoint(lt);
  }

  private readEndTag(lt: number): void {
    const text = this.text;
    this.tagStart = lt;
    const depth = this.depth;
    const expected = depth > 0 ? this.openNames[depth - 1] : '';
    let i = lt + 2;
    if (depth > 0 && text.startsWith(expected, i) && isNameEnd(text.charCodeAt(i + expected.length))) {
      i += expected.length;
    } else {
      while (i < text.length && !isNameEnd(text.charCodeAt(i))) i++;
      const found = text.slice(lt + 2, i);
      if (depth === 0) this.fail(lt, `closing tag </${found}> has no matching opening tag`);
      this.fail(lt, `closing tag </${found}> does not match <${expected}> (opened on line ${this.lineAt(this.openStarts[depth - 1])})`);
    }
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) !== 62) this.fail(lt, `closing tag </${expected}> is not closed with ">"`);
    this.pos = i + 1;
    this.popElement();
  }

  private popElement(): void {
    const d = --this.depth;
    this.name = this.openNames.pop() as string;
    this.localName = this.openLocals.pop() as string;
    this.namespaceUri = this.openUris.pop() as string;
    this.openStarts.pop();
    const nsMark = this.openNsMarks.pop() as number;
    if (nsMark !== this.nsCount) {
      this.nsVersion++;
      this.nsCount = nsMark;
      this.nsPrefixes.length = nsMark;
      this.nsUris.length = nsMark;
    }
    this.attrCount = 0;
    if (d === 0) this.rootClosed = true;
  }

  /** Skips `<!-- -->`, `<![CDATA[ ]]>` or `<!DOCTYPE …>` at `lt`; returns CDATA content when `keepCData`. */
  private skipMarkupDeclaration(lt: number, keepCData: boolean): string {
    const text = this.text;
    this.tagStart = lt;
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      if (end === -1) this.fail(lt, 'a comment "<!--" is never closed with "-->"');
      this.pos = end + 3;
      return '';
    }
    if (text.startsWith('<![CDATA[', lt)) {
      if (this.depth === 0) this.fail(lt, 'CDATA section outside the root element');
      const end = text.indexOf(']]>', lt + 9);
      if (end === -1) this.fail(lt, 'a CDATA section "<![CDATA[" is never closed with "]]>"');
      this.pos = end + 3;
      return keepCData ? normalizeLineEnds(text.slice(lt + 9, end)) : '';
    }
    if (text.startsWith('<!DOCTYPE', lt) && !this.rootSeen) {
      // Skip an internal subset in [...] first: it may contain ">".
      const bracket = text.indexOf('[', lt);
      let close = text.indexOf('>', lt);
      if (bracket !== -1 && bracket < close) close = text.indexOf('>', text.indexOf(']', bracket));
      if (close === -1) this.fail(lt, 'the DOCTYPE declaration is never closed');
      this.pos = close + 1;
      return '';
    }
    return this.fail(lt, 'unexpected "<!": expected a comment "<!--" or a CDATA section "<![CDATA["');
  }

  private skipProcessingInstruction(lt: number): void {
    this.tagStart = lt;
    const end = this.text.indexOf('?>', lt + 2);
    if (end === -1) this.fail(lt, 'a processing instruction "<?" is never closed with "?>"');
    this.pos = end + 2;
  }

  /** Only whitespace may sit before and after the root element. */
  private checkOutsideText(start: number, end: number): void {
    const text = this.text;
    for (let i = start; i < end; i++) {
      if (!isSpace(text.charCodeAt(i))) {
        this.fail(i, this.rootSeen ? 'text after the end of the root element' : `text before the root element ("${snippet(text, i)}"): this is not an XML document`);
      }
    }
  }

  private endOfInput(): XmlToken {
    this.pos = this.text.length;
    if (this.depth > 0) {
      const d = this.depth - 1;
      this.fail(this.text.length, `the file ends before <${this.openNames[d]}> (opened on line ${this.lineAt(this.openStarts[d])}) is closed; it may be truncated`);
    }
    if (!this.rootSeen) this.fail(this.text.length, 'the document has no root element');
    return XML_EOF;
  }

  private bindNamespace(prefix: string, uri: string): void {
    if (prefix !== '' && uri === '') this.fail(this.tagStart, `xmlns:${prefix} must not be empty`);
    this.nsVersion++;
    this.nsPrefixes[this.nsCount] = prefix;
    this.nsUris[this.nsCount] = uri;
    this.nsCount++;
  }

  private lookupNamespace(prefix: string): string | undefined {
    for (let k = this.nsCount - 1; k >= 0; k--) {
      if (this.nsPrefixes[k] === prefix) return this.nsUris[k];
    }
    if (prefix === '') return '';
    if (prefix === 'xml') return XML_NAMESPACE;
    return undefined;
  }

  private findAttr(qname: string): number {
    const o = this.attrOffsets;
    const length = qname.length;
    for (let k = 0; k < this.attrCount; k += 4) {
      if (o[k + 1] - o[k] === length && this.text.startsWith(qname, o[k])) return k;
    }
    return -1;
  }

  /** Whether `text[start, end)` contains an entity or character reference. */
  private hasReference(start: number, end: number): boolean {
    for (let i = start; i < end; i++) {
      if (this.text.charCodeAt(i) === 38 /* & */) return true;
    }
    return false;
  }

  private decode(start: number, end: number): string {
    return decodeCharData(this.text, start, end, (offset, message) => this.fail(offset, message));
  }
}

/** Whether `text[a0, a1)` and `text[b0, b1)` hold the same characters. */
function sameRange(text: string, a0: number, a1: number, b0: number, b1: number): boolean {
  if (a1 - a0 !== b1 - b0) return false;
  for (let k = 0; k < a1 - a0; k++) {
    if (text.charCodeAt(a0 + k) !== text.charCodeAt(b0 + k)) return false;
  }
  return true;
}

/** Attribute-value normalisation (XML 1.0 §3.3.3): each whitespace character becomes a space. */
function normalizeAttributeSpace(s: string): string {
  return /[\t\n\r]/.test(s) ? s.replace(/[\t\n\r]/g, ' ') : s;
}

function normalizeLineEnds(s: string): string {
  return s.indexOf('\r') === -1 ? s : s.replace(/\r\n?/g, '\n');
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

/** Characters that end a tag name: whitespace, "/", ">" (and end of input, NaN). */
function isNameEnd(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13 || c === 47 || c === 62 || c !== c;
}

function isAttrNameEnd(c: number): boolean {
  return c === 61 /* = */ || isNameEnd(c);
}

/** Rejects what can never start an XML name (digits, punctuation, whitespace, quotes, "<"). */
function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58 || c >= 0xc0;
}

function snippet(text: string, at: number): string {
  const line = text.slice(at, at + 40).split('\n')[0];
  return line.length < 40 ? line : line.slice(0, 37) + '…';
}
