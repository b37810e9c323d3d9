import { capDateTimeToIso } from './date-time';
import { childrenNamed, readSafeXml, type XmlElement } from './read-safe-xml';

/** CAP 1.2, the version this parser implements. */
export const CAP_12_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';
/** CAP 1.1, still common in older feeds; read with the 1.2 rules and a warning. */
export const CAP_11_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.1';
/** Largest single CAP message accepted, in UTF-8 bytes. */
export const CAP_MAX_BYTES = 1024 * 1024;

/** `<status>` values. Only 'Actual' is a real-world alert (see `isLiveStatus`). */
export const CAP_STATUSES = ['Actual', 'Exercise', 'System', 'Test', 'Draft'] as const;
/** `<msgType>` values. */
export const CAP_MSG_TYPES = ['Alert', 'Update', 'Cancel', 'Ack', 'Error'] as const;
/** `<scope>` values. */
export const CAP_SCOPES = ['Public', 'Restricted', 'Private'] as const;
/** `<category>` values. */
export const CAP_CATEGORIES = [
  'Geo',
  'Met',
  'Safety',
  'Security',
  'Rescue',
  'Fire',
  'Health',
  'Env',
  'Transport',
  'Infra',
  'CBRNE',
  'Other',
] as const;
/** `<responseType>` values (CAP 1.2 added Avoid and AllClear). */
export const CAP_RESPONSE_TYPES = [
  'Shelter',
  'Evacuate',
  'Prepare',
  'Execute',
  'Avoid',
  'Monitor',
  'Assess',
  'AllClear',
  'None',
] as const;
/** `<urgency>` values. */
export const CAP_URGENCIES = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;
/** `<severity>` values. */
export const CAP_SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
/** `<certainty>` values; CAP 1.0's "Very Likely" is read as 'Likely'. */
export const CAP_CERTAINTIES = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;

export type CapStatus = (typeof CAP_STATUSES)[number];
export type CapMsgType = (typeof CAP_MSG_TYPES)[number];
export type CapScope = (typeof CAP_SCOPES)[number];
export type CapCategory = (typeof CAP_CATEGORIES)[number];
export type CapResponseType = (typeof CAP_RESPONSE_TYPES)[number];
export type CapUrgency = (typeof CAP_URGENCIES)[number];
export type CapSeverity = (typeof CAP_SEVERITIES)[number];
export type CapCertainty = (typeof CAP_CERTAINTIES)[number];

/** A position as `[longitude, latitude]` in degrees (GeoJSON order, not CAP's). */
export type LngLat = [number, number];

/** A `valueName`/`value` pair (`parameter`, `geocode`). */
export interface CapValuePair {
  valueName: string;
  value: string;
}

/** One earlier message an Update/Cancel refers to; `sent` is ISO-8601 UTC. */
export interface CapReference {
  sender: string;
  identifier: string;
  sent: string;
}

/** A CAP `<circle>`: centre in `[lng, lat]`, radius in kilometres (0 marks a point). */
export interface CapCircle {
  center: LngLat;
  radiusKm: number;
}

/** One `<area>` of an `<info>`: its description and shapes. */
export interface CapArea {
  areaDesc: string;
  /** Closed rings in `[lng, lat]` order (converted from CAP's "lat,lon" pairs). */
  polygons: LngLat[][];
  circles: CapCircle[];
  geocodes: CapValuePair[];
  /** Feet above mean sea level, as CAP defines it. */
  altitude?: number;
  /** Feet above mean sea level; only valid with `altitude`. */
  ceiling?: number;
}

/** One `<info>` block: the alert in one language. Times are ISO-8601 UTC. */
export interface CapInfo {
  /** RFC 3066 language tag; CAP's default 'en-US' when the element is absent. */
  language: string;
  categories: CapCategory[];
  event: string;
  responseTypes: CapResponseType[];
  urgency: CapUrgency;
  severity: CapSeverity;
  certainty: CapCertainty;
  senderName?: string;
  headline?: string;
  description?: string;
  instruction?: string;
  web?: string;
  contact?: string;
  /** ISO-8601 UTC. */
  effective?: string;
  /** ISO-8601 UTC. */
  onset?: string;
  /** ISO-8601 UTC. */
  expires?: string;
  parameters: CapValuePair[];
  areas: CapArea[];
}

/** A validated CAP message. `sender|identifier|sent` identifies it (see `capIdentityKey`). */
export interface CapAlert {
  identifier: string;
  sender: string;
  /** ISO-8601 UTC, converted from the message's offset time. */
  sent: string;
  status: CapStatus;
  msgType: CapMsgType;
  scope: CapScope;
  source?: string;
  restriction?: string;
  note?: string;
  references: CapReference[];
  incidents: string[];
  infos: CapInfo[];
}

/** A parsed alert with the non-fatal remarks, or every reason it was refused. */
export type CapParseResult =
  | { ok: true; alert: CapAlert; warnings: string[] }
  | { ok: false; errors: string[] };

interface Issues {
  errors: string[];
  warnings: string[];
}

/** Children of each CAP element this parser knows; any other CAP-namespace child is reported. */
const KNOWN_CHILDREN: Readonly<Record<string, ReadonlySet<string>>> = {
  alert: new Set([
    'identifier',
    'sender',
    'sent',
    'status',
    'msgType',
    'source',
    'scope',
    'restriction',
    'addresses',
    'code',
    'note',
    'references',
    'incidents',
    'info',
  ]),
  info: new Set([
    'language',
    'category',
    'event',
    'responseType',
    'urgency',
    'severity',
    'certainty',
    'audience',
    'eventCode',
    'effective',
    'onset',
    'expires',
    'senderName',
    'headline',
    'description',
    'instruction',
    'web',
    'contact',
    'parameter',
    'resource',
    'area',
  ]),
  area: new Set(['areaDesc', 'polygon', 'circle', 'geocode', 'altitude', 'ceiling']),
  resource: new Set(['resourceDesc', 'mimeType', 'size', 'uri', 'derefUri', 'digest']),
  pair: new Set(['valueName', 'value']),
};

/** Spaces, commas and the XML-restricted '<' and '&' are forbidden in identifiers and senders. */
const RESTRICTED_ID_CHARS = /[\s,<&]/;
/** A decimal number as CAP writes coordinates: no exponent, no trailing garbage. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
/** RFC 3066 / xs:language. */
const LANGUAGE_TAG = /^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$/;

const quote = (text: string, max = 60): string =>
  JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);

const isOneOf = <T extends string>(allowed: readonly T[], value: string): value is T =>
  (allowed as readonly string[]).includes(value);

/** Reads the children of one CAP element, reporting against a path such as `info[0].area[1]`. */
class CapReader {
  constructor(
    private readonly element: XmlElement,
    private readonly ns: string,
    readonly path: string,
    private readonly issues: Issues,
  ) {}

  error(message: string): void {
    this.issues.errors.push(`${this.path}: ${message}`);
  }

  warn(message: string): void {
    this.issues.warnings.push(`${this.path}: ${message}`);
  }

  all(local: string): XmlElement[] {
    return childrenNamed(this.element, this.ns, local);
  }

  child(element: XmlElement, path: string): CapReader {
    return new CapReader(element, this.ns, path, this.issues);
  }

  /** The first such child; an error when it is repeated. */
  single(local: string): XmlElement | undefined {
    const found = this.all(local);
    if (found.length > 1) this.error(`<${local}> must appear at most once, found ${found.length}`);
    return found[0];
  }

  optional(local: string): string | undefined {
    const text = this.single(local)?.text;
    return text === undefined || text === '' ? undefined : text;
  }

  required(local: string): string | undefined {
    const element = this.single(local);
    if (!element) this.error(`required <${local}> is missing`);
    else if (element.text === '') this.error(`required <${local}> is empty`);
    else return element.text;
    return undefined;
  }

  enumeration<T extends string>(local: string, allowed: readonly T[]): T | undefined {
    const raw = this.required(local);
    if (raw === undefined) return undefined;
    if (isOneOf(allowed, raw)) return raw;
    this.error(`<${local}> ${quote(raw)} is not one of ${allowed.join(', ')}`);
    return undefined;
  }

  /** A CAP date-time converted to ISO UTC; when `required`, its absence is an error. */
  time(local: string, required: boolean): string | undefined {
    const raw = required ? this.required(local) : this.optional(local);
    if (raw === undefined) return undefined;
    const iso = capDateTimeToIso(raw);
    if (iso === null) {
      this.error(
        `<${local}> ${quote(raw)} is not a CAP date-time with a timezone offset (e.g. 2003-04-02T14:39:01-05:00)`,
      );
      return undefined;
    }
    return iso;
  }

  identifierLike(local: string): string | undefined {
    const raw = this.required(local);
    if (raw === undefined) return undefined;
    if (RESTRICTED_ID_CHARS.test(raw)) {
      this.error(`<${local}> ${quote(raw)} must not contain spaces, commas, '<' or '&'`);
      return undefined;
    }
    return raw;
  }

  decimal(local: string): number | undefined {
    const raw = this.optional(local);
    if (raw === undefined) return undefined;
    if (!DECIMAL.test(raw)) {
      this.error(`<${local}> ${quote(raw)} is not a decimal number`);
      return undefined;
    }
    return Number(raw);
  }

  /** Repeated `valueName`/`value` children (`parameter`, `geocode`, `eventCode`). */
  pairs(local: string): CapValuePair[] {
    const result: CapValuePair[] = [];
    this.all(local).forEach((element, index) => {
      const reader = this.child(element, `${this.path}.${local}[${index}]`);
      reader.reportUnknown('pair');
      const valueName = reader.single('valueName');
      const value = reader.single('value');
      if (!valueName) reader.error('required <valueName> is missing');
      if (!value) reader.error('required <value> is missing');
      if (valueName && value) result.push({ valueName: valueName.text, value: value.text });
    });
    return result;
  }

  reportUnknown(kind: keyof typeof KNOWN_CHILDREN): void {
    const known = KNOWN_CHILDREN[kind];
    for (const child of this.element.children) {
      if (child.ns === this.ns && known && !known.has(child.local)) {
        this.warn(`unknown element <${child.qname}> ignored`);
      }
    }
  }
}

/** The result of reading one CAP value (a polygon, a circle): the value, or why not. */
export type CapValueResult<T> = { ok: true; value: T } | { ok: false; error: string };

const parseLatLon = (token: string, label: string): CapValueResult<LngLat> => {
  const parts = token.split(',');
  if (parts.length !== 2 || !DECIMAL.test(parts[0] ?? '') || !DECIMAL.test(parts[1] ?? '')) {
    return { ok: false, error: `${label} ${quote(token)} is not "lat,lon"` };
  }
  const lat = Number(parts[0]);
  const lon = Number(parts[1]);
  if (lat < -90 || lat > 90)
    return { ok: false, error: `${label} latitude ${lat} is out of range` };
  if (lon < -180 || lon > 180) {
    return { ok: false, error: `${label} longitude ${lon} is out of range` };
  }
  return { ok: true, value: [lon, lat] };
};

/**
 * Parses a CAP `<polygon>` ("lat,lon lat,lon ...", LATITUDE first, WGS 84) into a closed
 * ring of `[lng, lat]` positions. Needs at least four pairs with the first equal to the last;
 * every pair must be two plain decimals in range, separated by one comma.
 */
export const parseCapPolygon = (text: string): CapValueResult<LngLat[]> => {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return { ok: false, error: 'polygon is empty' };
  const problems: string[] = [];
  const ring: LngLat[] = [];
  tokens.forEach((token, index) => {
    const point = parseLatLon(token, `pair ${index + 1}`);
    if (point.ok) ring.push(point.value);
    else problems.push(point.error);
  });
  if (problems.length > 0) return { ok: false, error: problems.join('; ') };
  if (ring.length < 4) {
    return { ok: false, error: `polygon has ${ring.length} pairs, at least 4 are needed` };
  }
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (!first || !last || first[0] !== last[0] || first[1] !== last[1]) {
    return { ok: false, error: 'polygon is not closed: the first pair must equal the last' };
  }
  return { ok: true, value: ring };
};

/** Writes a `[lng, lat]` ring back as CAP polygon text ("lat,lon ..."), the inverse of `parseCapPolygon`. */
export const formatCapPolygon = (ring: readonly LngLat[]): string =>
  ring.map(([lng, lat]) => `${lat},${lng}`).join(' ');

/** Parses a CAP `<circle>` ("lat,lon radiusKm"); a radius of 0 is a point. */
export const parseCapCircle = (text: string): CapValueResult<CapCircle> => {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  if (tokens.length !== 2)
    return { ok: false, error: `circle ${quote(text)} is not "lat,lon radius"` };
  const center = parseLatLon(tokens[0] ?? '', 'circle centre');
  if (!center.ok) return center;
  const radius = tokens[1] ?? '';
  if (!DECIMAL.test(radius) || Number(radius) < 0) {
    return {
      ok: false,
      error: `circle radius ${quote(radius)} is not a non-negative number of km`,
    };
  }
  return { ok: true, value: { center: center.value, radiusKm: Number(radius) } };
};

/** Splits a CAP list: space-separated, with double quotes around items that contain spaces. */
const splitCapList = (text: string): string[] =>
  [...text.matchAll(/"([^"]*)"|(\S+)/g)]
    .map((m) => m[1] ?? m[2] ?? '')
    .filter((item) => item !== '');

const readReferences = (reader: CapReader): CapReference[] => {
  const element = reader.single('references');
  if (!element) return [];
  if (element.text === '') {
    reader.error('<references> is empty: it must list "sender,identifier,sent" triples');
    return [];
  }
  const references: CapReference[] = [];
  element.text.split(/\s+/).forEach((triple, index) => {
    const parts = triple.split(',');
    const [sender = '', identifier = '', sentRaw = ''] = parts;
    const label = `<references> entry ${index + 1} ${quote(triple)}`;
    if (parts.length !== 3 || sender === '' || identifier === '') {
      reader.error(`${label} is not "sender,identifier,sent"`);
      return;
    }
    if (/[<&]/.test(sender) || /[<&]/.test(identifier)) {
      reader.error(`${label} contains '<' or '&'`);
      return;
    }
    const sent = capDateTimeToIso(sentRaw);
    if (sent === null) {
      reader.error(`${label} has a sent time that is not a CAP date-time`);
      return;
    }
    references.push({ sender, identifier, sent });
  });
  return references;
};

const readArea = (reader: CapReader): CapArea | undefined => {
  reader.reportUnknown('area');
  const areaDesc = reader.required('areaDesc');
  const polygons: LngLat[][] = [];
  reader.all('polygon').forEach((element, index) => {
    const parsed = parseCapPolygon(element.text);
    if (parsed.ok) polygons.push(parsed.value);
    else reader.error(`polygon[${index}]: ${parsed.error}`);
  });
  const circles: CapCircle[] = [];
  reader.all('circle').forEach((element, index) => {
    const parsed = parseCapCircle(element.text);
    if (parsed.ok) circles.push(parsed.value);
    else reader.error(`circle[${index}]: ${parsed.error}`);
  });
  const geocodes = reader.pairs('geocode');
  const altitude = reader.decimal('altitude');
  const ceiling = reader.decimal('ceiling');
  if (ceiling !== undefined && reader.all('altitude').length === 0) {
    reader.error('<ceiling> is only allowed together with <altitude>');
  }
  if (areaDesc === undefined) return undefined;
  const area: CapArea = { areaDesc, polygons, circles, geocodes };
  if (altitude !== undefined) area.altitude = altitude;
  if (ceiling !== undefined) area.ceiling = ceiling;
  return area;
};

const readInfo = (reader: CapReader): CapInfo | undefined => {
  reader.reportUnknown('info');
  const languageRaw = reader.optional('language');
  if (languageRaw !== undefined && !LANGUAGE_TAG.test(languageRaw)) {
    reader.error(`<language> ${quote(languageRaw)} is not a language tag`);
  }

  const categories: CapCategory[] = [];
  const categoryElements = reader.all('category');
  if (categoryElements.length === 0) reader.error('required <category> is missing');
  for (const element of categoryElements) {
    if (isOneOf(CAP_CATEGORIES, element.text)) categories.push(element.text);
    else {
      reader.error(`<category> ${quote(element.text)} is not one of ${CAP_CATEGORIES.join(', ')}`);
    }
  }

  const event = reader.required('event');
  const responseTypes: CapResponseType[] = [];
  for (const element of reader.all('responseType')) {
    if (isOneOf(CAP_RESPONSE_TYPES, element.text)) responseTypes.push(element.text);
    else {
      reader.error(
        `<responseType> ${quote(element.text)} is not one of ${CAP_RESPONSE_TYPES.join(', ')}`,
      );
    }
  }
  const urgency = reader.enumeration('urgency', CAP_URGENCIES);
  const severity = reader.enumeration('severity', CAP_SEVERITIES);

  let certainty: CapCertainty | undefined;
  const certaintyRaw = reader.required('certainty');
  if (certaintyRaw === 'Very Likely') {
    // CAP 1.0 value, deprecated since 1.1; the spec says to treat it as "Likely".
    reader.warn('<certainty> "Very Likely" (CAP 1.0) read as "Likely"');
    certainty = 'Likely';
  } else if (certaintyRaw !== undefined) {
    if (isOneOf(CAP_CERTAINTIES, certaintyRaw)) certainty = certaintyRaw;
    else {
      reader.error(
        `<certainty> ${quote(certaintyRaw)} is not one of ${CAP_CERTAINTIES.join(', ')}`,
      );
    }
  }

  // Validated for structure only; event codes are not part of CapInfo.
  reader.pairs('eventCode');
  const effective = reader.time('effective', false);
  const onset = reader.time('onset', false);
  const expires = reader.time('expires', false);
  const parameters = reader.pairs('parameter');

  reader.all('resource').forEach((element, index) => {
    const resource = reader.child(element, `${reader.path}.resource[${index}]`);
    resource.reportUnknown('resource');
    resource.required('resourceDesc');
    resource.required('mimeType');
  });

  const areas: CapArea[] = [];
  reader.all('area').forEach((element, index) => {
    const area = readArea(reader.child(element, `${reader.path}.area[${index}]`));
    if (area) areas.push(area);
  });

  if (
    event === undefined ||
    urgency === undefined ||
    severity === undefined ||
    certainty === undefined
  ) {
    return undefined;
  }
  const info: CapInfo = {
    language: languageRaw ?? 'en-US',
    categories,
    event,
    responseTypes,
    urgency,
    severity,
    certainty,
    parameters,
    areas,
  };
  const texts = ['senderName', 'headline', 'description', 'instruction', 'web', 'contact'] as const;
  for (const key of texts) {
    const value = reader.optional(key);
    if (value !== undefined) info[key] = value;
  }
  if (effective !== undefined) info.effective = effective;
  if (onset !== undefined) info.onset = onset;
  if (expires !== undefined) info.expires = expires;
  return info;
};

/**
 * Validates and converts an already-parsed CAP `<alert>` element (for example one embedded
 * in an Atom entry). Collects every problem found rather than stopping at the first.
 */
export const parseCapAlertElement = (root: XmlElement): CapParseResult => {
  if (root.local !== 'alert') {
    return { ok: false, errors: [`root element is <${root.qname}>, not a CAP <alert>`] };
  }
  const issues: Issues = { errors: [], warnings: [] };
  if (root.ns === CAP_11_NAMESPACE) {
    issues.warnings.push('alert: CAP 1.1 namespace; read with the CAP 1.2 rules');
  } else if (root.ns !== CAP_12_NAMESPACE) {
    issues.errors.push(
      `alert: unsupported namespace ${quote(root.ns || '(none)')}, expected ${CAP_12_NAMESPACE} (or ${CAP_11_NAMESPACE})`,
    );
  }
  // Read the children in the alert's own namespace even when it is wrong, so that every
  // other problem is reported too.
  const reader = new CapReader(root, root.ns, 'alert', issues);
  reader.reportUnknown('alert');

  const identifier = reader.identifierLike('identifier');
  const sender = reader.identifierLike('sender');
  const sent = reader.time('sent', true);
  const status = reader.enumeration('status', CAP_STATUSES);
  const msgType = reader.enumeration('msgType', CAP_MSG_TYPES);
  const scope = reader.enumeration('scope', CAP_SCOPES);
  const source = reader.optional('source');
  const restriction = reader.optional('restriction');
  const addresses = reader.optional('addresses');
  const note = reader.optional('note');
  if (scope === 'Restricted' && restriction === undefined) {
    reader.error('scope "Restricted" needs a non-empty <restriction>');
  }
  if (scope === 'Private' && addresses === undefined) {
    reader.error('scope "Private" needs a non-empty <addresses>');
  }
  const references = readReferences(reader);
  if ((msgType === 'Update' || msgType === 'Cancel') && reader.all('references').length === 0) {
    reader.warn(`${msgType} without <references>: the message it replaces is unknown`);
  }
  const incidentsText = reader.optional('incidents');
  const incidents = incidentsText === undefined ? [] : splitCapList(incidentsText);

  const infos: CapInfo[] = [];
  reader.all('info').forEach((element, index) => {
    const info = readInfo(reader.child(element, `info[${index}]`));
    if (info) infos.push(info);
  });

  if (
    issues.errors.length > 0 ||
    identifier === undefined ||
    sender === undefined ||
    sent === undefined ||
    status === undefined ||
    msgType === undefined ||
    scope === undefined
  ) {
    return { ok: false, errors: issues.errors };
  }
  const alert: CapAlert = {
    identifier,
    sender,
    sent,
    status,
    msgType,
    scope,
    references,
    incidents,
    infos,
  };
  if (source !== undefined) alert.source = source;
  if (restriction !== undefined) alert.restriction = restriction;
  if (note !== undefined) alert.note = note;
  return { ok: true, alert, warnings: issues.warnings };
};

/**
 * Parses one CAP 1.2 message (CAP 1.1 accepted with a warning). Pure and total: it never
 * throws, and refuses with every reason it finds: DOCTYPE/ENTITY declarations (XXE, entity
 * expansion), documents over 1 MB, malformed XML, a namespace other than CAP 1.2/1.1, missing
 * or empty required elements, values outside the CAP enumerations, identifiers with spaces,
 * commas or restricted characters, times without an offset, empty `<references>`, and
 * malformed polygons or circles.
 */
export const parseCapAlert = (xml: string): CapParseResult => {
  const document = readSafeXml(xml, { maxBytes: CAP_MAX_BYTES });
  if (!document.ok) return document;
  return parseCapAlertElement(document.root);
};
