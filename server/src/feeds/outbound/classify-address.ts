/**
 * What kind of network an IP address belongs to, for the outbound (SSRF) guard. Pure: no
 * `node:net`, no DNS; addresses are parsed here so the rules can be read and tested in one place.
 *
 * IPv4 is an allow-by-default list: every address outside the special-purpose ranges below is
 * public. IPv6 is deny-by-default: only global unicast (2000::/3) minus its special ranges is
 * public, so a range nobody listed here is refused, not let through.
 */

/** The classes an outbound address can fall into. */
export type AddressKind =
  | 'public'
  | 'loopback'
  | 'unspecified'
  | 'private'
  | 'shared'
  | 'link-local'
  | 'metadata'
  | 'multicast'
  | 'broadcast'
  | 'reserved';

export interface AddressClass {
  kind: AddressKind;
  /** Reads after "is": `a loopback address`. Names the range, never a header or secret. */
  label: string;
  /**
   * Whether an administrator may reach this address by putting the host on the allow list
   * (loopback, private and carrier-grade NAT ranges). Link-local, metadata, multicast,
   * reserved ranges and IPv4 embedded in IPv6 never may.
   */
  isAllowListable: boolean;
}

interface Range<T> {
  base: T;
  prefix: number;
  kind: AddressKind;
  label: string;
}

const IPV4_PART = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
// Canonical dotted-decimal only: odd spellings (`127.1`, `0x7f.1`, `0177.0.0.1`) are normalised
// by the WHATWG URL parser before they get here, and anything else is "not an IP" and refused.
const IPV4_PATTERN = new RegExp(`^${IPV4_PART}(?:\\.${IPV4_PART}){3}$`);
const IPV6_GROUP = /^[0-9a-f]{1,4}$/i;

/** Parses canonical dotted-decimal IPv4 into an unsigned 32-bit number, or null. */
export const parseIPv4 = (text: string): number | null => {
  if (!IPV4_PATTERN.test(text)) return null;
  return text.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
};

/** Formats an unsigned 32-bit number as dotted-decimal IPv4. */
export const formatIPv4 = (value: number): string =>
  [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff].join('.');

const parseIPv6Side = (side: string, mayEndInIPv4: boolean): number[] | null => {
  if (side === '') return [];
  const parts = side.split(':');
  const groups: number[] = [];
  for (const [index, part] of parts.entries()) {
    if (mayEndInIPv4 && index === parts.length - 1 && part.includes('.')) {
      const v4 = parseIPv4(part);
      if (v4 === null) return null;
      groups.push(v4 >>> 16, v4 & 0xffff);
    } else if (IPV6_GROUP.test(part)) {
      groups.push(Number.parseInt(part, 16));
    } else {
      return null;
    }
  }
  return groups;
};

/**
 * Parses an IPv6 address (RFC 4291 text forms, with `::` and a trailing dotted IPv4; no
 * brackets, no zone) into a 128-bit bigint, or null.
 */
export const parseIPv6 = (text: string): bigint | null => {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const [headText = '', tailText] = halves;
  const head = parseIPv6Side(headText, tailText === undefined);
  if (head === null) return null;
  let groups: number[];
  if (tailText === undefined) {
    if (head.length !== 8) return null;
    groups = head;
  } else {
    const tail = parseIPv6Side(tailText, true);
    if (tail === null || head.length + tail.length > 7) return null;
    groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  }
  return groups.reduce((acc, group) => (acc << 16n) | BigInt(group), 0n);
};

const v4 = (cidr: string, kind: AddressKind, label: string): Range<number> => {
  const [base = '', prefix = '32'] = cidr.split('/');
  const parsed = parseIPv4(base);
  if (parsed === null) throw new Error(`bad IPv4 range ${cidr}`);
  return { base: parsed, prefix: Number(prefix), kind, label };
};

const v6 = (cidr: string, kind: AddressKind, label: string): Range<bigint> => {
  const [base = '', prefix = '128'] = cidr.split('/');
  const parsed = parseIPv6(base);
  if (parsed === null) throw new Error(`bad IPv6 range ${cidr}`);
  return { base: parsed, prefix: Number(prefix), kind, label };
};

const METADATA_LABEL = 'a link-local / cloud metadata address';
const PRIVATE_LABEL = 'a private-network address';

// First match wins, so single metadata addresses come before the ranges that contain them.
const IPV4_RANGES: readonly Range<number>[] = [
  v4('169.254.169.254/32', 'metadata', METADATA_LABEL), // AWS, GCP, Azure, OpenStack, Oracle
  v4('169.254.170.2/32', 'metadata', METADATA_LABEL), // AWS ECS task metadata
  v4('100.100.100.200/32', 'metadata', 'a cloud metadata address (Alibaba Cloud)'),
  v4('0.0.0.0/8', 'unspecified', 'an unspecified ("this network", 0.0.0.0/8) address'),
  v4('10.0.0.0/8', 'private', PRIVATE_LABEL),
  v4('100.64.0.0/10', 'shared', 'a carrier-grade NAT (100.64.0.0/10) address'),
  v4('127.0.0.0/8', 'loopback', 'a loopback address'),
  v4('169.254.0.0/16', 'link-local', 'a link-local address'),
  v4('172.16.0.0/12', 'private', PRIVATE_LABEL),
  v4('192.0.0.0/24', 'reserved', 'a reserved (IETF protocol assignments, 192.0.0.0/24) address'),
  v4('192.0.2.0/24', 'reserved', 'a reserved (documentation) address'),
  v4('192.88.99.0/24', 'reserved', 'a reserved (6to4 relay anycast) address'),
  v4('192.168.0.0/16', 'private', PRIVATE_LABEL),
  v4('198.18.0.0/15', 'reserved', 'a reserved (benchmarking) address'),
  v4('198.51.100.0/24', 'reserved', 'a reserved (documentation) address'),
  v4('203.0.113.0/24', 'reserved', 'a reserved (documentation) address'),
  v4('224.0.0.0/4', 'multicast', 'a multicast address'),
  v4('255.255.255.255/32', 'broadcast', 'the broadcast address'),
  v4('240.0.0.0/4', 'reserved', 'a reserved (240.0.0.0/4) address'),
];

const IPV6_RANGES: readonly Range<bigint>[] = [
  v6('::/128', 'unspecified', 'an unspecified (::) address'),
  v6('::1/128', 'loopback', 'a loopback address'),
  v6('64:ff9b:1::/48', 'reserved', 'a reserved (local-use NAT64, 64:ff9b:1::/48) address'),
  v6('100::/64', 'reserved', 'a reserved (discard-only, 100::/64) address'),
  // Includes Teredo (2001::/32), whose embedded IPv4 could be anything.
  v6('2001::/23', 'reserved', 'a reserved (IETF protocol assignments, 2001::/23) address'),
  v6('2001:db8::/32', 'reserved', 'a reserved (documentation) address'),
  v6('3fff::/20', 'reserved', 'a reserved (documentation) address'),
  v6('fd00:ec2::254/128', 'metadata', 'a cloud metadata address (AWS IPv6)'),
  v6('fc00::/7', 'private', 'a unique-local (private-network) address'),
  v6('fe80::/10', 'link-local', 'a link-local address'),
  v6('fec0::/10', 'reserved', 'a reserved (deprecated site-local) address'),
  v6('ff00::/8', 'multicast', 'a multicast address'),
];

// Forms that carry an IPv4 address in their last 32 bits (6to4 carries it in bits 16..47).
const IPV4_EMBEDDINGS: readonly {
  range: Range<bigint>;
  name: string;
  shift: bigint;
  isDeprecated?: boolean;
}[] = [
  { range: v6('::ffff:0:0/96', 'reserved', ''), name: 'an IPv4-mapped', shift: 0n },
  { range: v6('::ffff:0:0:0/96', 'reserved', ''), name: 'an IPv4-translated', shift: 0n },
  { range: v6('::/96', 'reserved', ''), name: 'an IPv4-compatible', shift: 0n, isDeprecated: true },
  { range: v6('64:ff9b::/96', 'reserved', ''), name: 'a NAT64', shift: 0n },
  { range: v6('2002::/16', 'reserved', ''), name: 'a 6to4', shift: 80n },
];

const GLOBAL_UNICAST = v6('2000::/3', 'public', '');

const inV4 = (value: number, range: Range<number>): boolean =>
  range.prefix === 0 || value >>> (32 - range.prefix) === range.base >>> (32 - range.prefix);

const inV6 = (value: bigint, range: Range<bigint>): boolean => {
  const shift = BigInt(128 - range.prefix);
  return value >> shift === range.base >> shift;
};

const ALLOW_LISTABLE: ReadonlySet<AddressKind> = new Set(['loopback', 'private', 'shared']);

const PUBLIC: AddressClass = { kind: 'public', label: 'a public address', isAllowListable: true };

const classifyV4 = (value: number): AddressClass => {
  const range = IPV4_RANGES.find((r) => inV4(value, r));
  if (!range) return PUBLIC;
  return { kind: range.kind, label: range.label, isAllowListable: ALLOW_LISTABLE.has(range.kind) };
};

const classifyV6 = (value: bigint): AddressClass => {
  // :: and ::1 sit inside ::/96 (IPv4-compatible), so they are settled before the embeddings.
  const exact = IPV6_RANGES.slice(0, 2).find((r) => inV6(value, r));
  if (exact)
    return {
      kind: exact.kind,
      label: exact.label,
      isAllowListable: ALLOW_LISTABLE.has(exact.kind),
    };
  for (const embedding of IPV4_EMBEDDINGS) {
    if (!inV6(value, embedding.range)) continue;
    const inner = Number((value >> embedding.shift) & 0xffffffffn);
    const innerClass = classifyV4(inner);
    if (innerClass.kind === 'public') {
      // IPv4-compatible addresses are deprecated (RFC 4291) and route nowhere useful.
      if (embedding.isDeprecated)
        return {
          kind: 'reserved',
          label: 'a reserved (deprecated IPv4-compatible) address',
          isAllowListable: false,
        };
      return PUBLIC;
    }
    // Never allow-listable: an administrator who means the internal host writes it plainly.
    return {
      kind: innerClass.kind,
      label: `${embedding.name} IPv6 address embedding ${formatIPv4(inner)}, ${innerClass.label}`,
      isAllowListable: false,
    };
  }
  const range = IPV6_RANGES.find((r) => inV6(value, r));
  if (range)
    return {
      kind: range.kind,
      label: range.label,
      isAllowListable: ALLOW_LISTABLE.has(range.kind),
    };
  if (!inV6(value, GLOBAL_UNICAST))
    return {
      kind: 'reserved',
      label: 'a reserved (outside global unicast 2000::/3) address',
      isAllowListable: false,
    };
  return PUBLIC;
};

/**
 * Classifies an IP address written in canonical form (dotted-decimal IPv4, or IPv6 without
 * brackets; a `%zone` suffix is ignored). Returns null when the text is not an IP address.
 */
export const classifyAddress = (ip: string): AddressClass | null => {
  const v4Value = parseIPv4(ip);
  if (v4Value !== null) return classifyV4(v4Value);
  const zoneAt = ip.indexOf('%');
  const v6Value = parseIPv6(zoneAt === -1 ? ip : ip.slice(0, zoneAt));
  if (v6Value !== null) return classifyV6(v6Value);
  return null;
};
