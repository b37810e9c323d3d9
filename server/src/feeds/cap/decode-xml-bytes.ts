/** The `encoding` pseudo-attribute of an XML declaration, read from its ASCII-compatible bytes. */
const DECLARED_ENCODING = /^<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']/;

/**
 * Decodes the bytes of an XML document to a string, as the XML spec prescribes: a byte order
 * mark wins (UTF-8, UTF-16LE/BE), else the declaration's `encoding` (e.g. ISO-8859-1), else
 * UTF-8. Unknown labels fall back to UTF-8; malformed bytes become U+FFFD rather than throwing.
 * Lets a feed client hand `parseCapAlert` correct text for non-UTF-8 publishers.
 */
export const decodeXmlBytes = (bytes: Uint8Array): string => {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return new TextDecoder('utf-8').decode(bytes.subarray(3));
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  }
  // The declaration is ASCII in every encoding we can meet without a BOM.
  const head = String.fromCharCode(...bytes.subarray(0, 200));
  const label = DECLARED_ENCODING.exec(head)?.[1];
  if (label) {
    try {
      return new TextDecoder(label).decode(bytes);
    } catch {
      // An unknown label: UTF-8 is the XML default, and the parser will report garbage text.
    }
  }
  return new TextDecoder('utf-8').decode(bytes);
};
