/**
 * Text and attribute escaping for the GPX writer. Besides `& < > "`, it removes what XML 1.0
 * cannot carry at all (C0 controls other than tab/LF/CR, U+FFFE/U+FFFF, unpaired surrogates):
 * one such character in a waypoint name would make the whole file unreadable on a device.
 */

const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const XML_SPECIAL = /[&<>"]/g;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Removes characters that XML 1.0 does not allow anywhere in a document. */
export function stripXmlIllegal(s: string): string {
  return s.replace(XML_ILLEGAL, '');
}

/** Makes `s` safe as element text or as a double-quoted attribute value. */
export function escapeXml(s: string): string {
  return stripXmlIllegal(s).replace(XML_SPECIAL, (c) => ENTITY[c]);
}
