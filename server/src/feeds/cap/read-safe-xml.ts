import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * One element of a parsed document with its namespace resolved. Text is the trimmed
 * concatenation of the element's own text and CDATA (not its descendants').
 */
export interface XmlElement {
  /** Namespace URI, '' when the element is in no namespace. */
  ns: string;
  /** Local name, without prefix. */
  local: string;
  /** Name as written, with its prefix if any. */
  qname: string;
  /** Attributes by name as written (`href`, `xml:lang`); namespace declarations excluded. */
  attributes: ReadonlyMap<string, string>;
  children: XmlElement[];
  text: string;
}

/** The root element, or every reason the document was refused. */
export type SafeXmlResult = { ok: true; root: XmlElement } | { ok: false; errors: string[] };

/** Limits for `readSafeXml`. */
export interface SafeXmlOptions {
  /** Largest accepted document, in UTF-8 bytes. */
  maxBytes: number;
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const MAX_DEPTH = 64;

/** `<!DOCTYPE` or `<!ENTITY` anywhere, even inside comments: refusing is cheaper than proving it harmless. */
const DECLARATION = /<!\s*(DOCTYPE|ENTITY)/i;

/** Named references XML defines without a DTD. */
const BUILT_IN: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

const REFERENCE = /&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.-]*);/g;

/** XML 1.0 `Char` production, so `&#0;` or a lone surrogate can't be smuggled in. */
const isXmlChar = (code: number): boolean =>
  code === 0x9 ||
  code === 0xa ||
  code === 0xd ||
  (code >= 0x20 && code <= 0xd7ff) ||
  (code >= 0xe000 && code <= 0xfffd) ||
  (code >= 0x10000 && code <= 0x10ffff);

/**
 * An entity decoder for fast-xml-parser that knows only the five built-in entities and
 * numeric character references. Anything else (an undeclared `&xxe;`, an HTML `&nbsp;`) is
 * left as written and reported, so the document is refused rather than silently expanded.
 * A DOCTYPE never reaches the parser (refused before), so `addInputEntities` has nothing to do.
 */
const createStrictEntityDecoder = (problems: Set<string>) => ({
  setExternalEntities: (_entities: Record<string, string>): void => {},
  addInputEntities: (_entities: Record<string, string>): void => {},
  reset: (): void => {},
  setXmlVersion: (_version: number): void => {},
  decode: (text: string): string =>
    text.includes('&')
      ? text.replace(REFERENCE, (whole, name: string) => {
          if (name.startsWith('#')) {
            const code =
              name[1] === 'x'
                ? Number.parseInt(name.slice(2), 16)
                : Number.parseInt(name.slice(1), 10);
            if (isXmlChar(code)) return String.fromCodePoint(code);
            problems.add(`invalid character reference ${whole}`);
            return whole;
          }
          const builtIn = BUILT_IN[name];
          if (builtIn !== undefined) return builtIn;
          problems.add(
            `undefined entity reference ${whole} (only the five XML built-ins are allowed)`,
          );
          return whole;
        })
      : text,
});

const byteLengthUtf8 = (text: string): number => {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
};

/** One node of fast-xml-parser's `preserveOrder` output: `{ name: children, ':@'?: attrs }`. */
type OrderedNode = Record<string, unknown>;

const ATTRIBUTE_PREFIX = '@_';

const textOf = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * Turns the ordered output into `XmlElement`s, resolving prefixes against the `xmlns`
 * declarations in scope. An undeclared prefix is an error: the element's meaning is unknown.
 */
const buildElement = (
  node: OrderedNode,
  scope: ReadonlyMap<string, string>,
  depth: number,
  errors: string[],
): XmlElement | null => {
  const name = Object.keys(node).find((key) => key !== ':@');
  if (name === undefined || name === '#text') return null;
  const rawAttributes = (node[':@'] ?? {}) as Record<string, unknown>;
  const declared = new Map(scope);
  const attributes = new Map<string, string>();
  for (const [key, value] of Object.entries(rawAttributes)) {
    const attribute = key.startsWith(ATTRIBUTE_PREFIX) ? key.slice(ATTRIBUTE_PREFIX.length) : key;
    const text = textOf(value);
    if (attribute === 'xmlns') declared.set('', text);
    else if (attribute.startsWith('xmlns:')) declared.set(attribute.slice(6), text);
    else attributes.set(attribute, text);
  }
  const colon = name.indexOf(':');
  const prefix = colon === -1 ? '' : name.slice(0, colon);
  const local = colon === -1 ? name : name.slice(colon + 1);
  let ns = declared.get(prefix);
  if (ns === undefined) {
    if (prefix === 'xml') ns = XML_NS;
    else if (prefix === '') ns = '';
    else {
      errors.push(`element <${name}> uses the undeclared namespace prefix '${prefix}'`);
      ns = '';
    }
  }
  const element: XmlElement = { ns, local, qname: name, attributes, children: [], text: '' };
  const content = node[name];
  if (!Array.isArray(content)) return element;
  if (depth >= MAX_DEPTH) {
    errors.push(`elements are nested deeper than ${MAX_DEPTH} levels`);
    return element;
  }
  const texts: string[] = [];
  for (const child of content as OrderedNode[]) {
    if (child === null || typeof child !== 'object') continue;
    if ('#text' in child) {
      texts.push(textOf(child['#text']));
      continue;
    }
    const built = buildElement(child, declared, depth + 1, errors);
    if (built) element.children.push(built);
  }
  element.text = texts.join('').trim();
  return element;
};

/**
 * Parses untrusted XML defensively. Refuses, with a reason, anything too large, anything
 * with a DOCTYPE or ENTITY declaration (XXE, "billion laughs"), undefined entity references,
 * malformed XML and undeclared namespace prefixes. Only the five built-in entities and
 * numeric character references are decoded; text always stays a string ("0123" is not a
 * number). A leading UTF-8 byte order mark is accepted. Never throws.
 */
export const readSafeXml = (xml: string, options: SafeXmlOptions): SafeXmlResult => {
  if (typeof xml !== 'string') return { ok: false, errors: ['input is not a string'] };
  // A length above the limit is already too many bytes; don't count bytes of a huge string.
  if (xml.length > options.maxBytes || byteLengthUtf8(xml) > options.maxBytes) {
    return { ok: false, errors: [`document is larger than ${options.maxBytes} bytes`] };
  }
  const text = xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml;
  const declaration = DECLARATION.exec(text);
  if (declaration) {
    const kind = (declaration[1] ?? '').toUpperCase();
    return {
      ok: false,
      errors: [
        `document contains a ${kind} declaration: refused (DTDs and entities allow XXE and entity-expansion attacks)`,
      ],
    };
  }
  if (text.trim() === '') return { ok: false, errors: ['document is empty'] };

  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    // The validator may quote long stretches of input; keep the reason readable.
    const reason = msg.length > 200 ? `${msg.slice(0, 200)}…` : msg;
    return {
      ok: false,
      errors: [`malformed XML at line ${line}, column ${col ?? '?'}: ${reason}`],
    };
  }

  const entityProblems = new Set<string>();
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: ATTRIBUTE_PREFIX,
    parseTagValue: false,
    parseAttributeValue: false,
    // Trimmed once per element after CDATA and text are joined, so inner spaces survive.
    trimValues: false,
    processEntities: true,
    htmlEntities: false,
    entityDecoder: createStrictEntityDecoder(entityProblems),
    ignoreDeclaration: true,
    ignorePiTags: true,
    commentPropName: false,
    cdataPropName: false,
    maxNestedTags: MAX_DEPTH,
  });
  let ordered: unknown;
  try {
    ordered = parser.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [`XML could not be parsed: ${reason}`] };
  }
  if (entityProblems.size > 0) return { ok: false, errors: [...entityProblems] };

  const roots = Array.isArray(ordered)
    ? (ordered as OrderedNode[]).filter(
        (node) => node !== null && typeof node === 'object' && !('#text' in node),
      )
    : [];
  if (roots.length !== 1 || roots[0] === undefined) {
    return {
      ok: false,
      errors: [`document must have exactly one root element, found ${roots.length}`],
    };
  }
  const errors: string[] = [];
  const root = buildElement(roots[0], new Map(), 0, errors);
  if (!root) return { ok: false, errors: ['document has no root element'] };
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, root };
};

/** Child elements with the given local name in the given namespace. */
export const childrenNamed = (element: XmlElement, ns: string, local: string): XmlElement[] =>
  element.children.filter((child) => child.ns === ns && child.local === local);
