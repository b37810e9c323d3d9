import { classifyAddress } from './classify-address';

/**
 * Where the server may fetch from. `allowedHosts` entries are `host` (any port) or `host:port`
 * (IPv6 as `[::1]:8090`), compared case-insensitively after URL normalisation, so `0x7f.1:8090`
 * and `127.0.0.1:8090` are the same entry. A listed host may resolve to loopback, private or
 * carrier-grade NAT addresses; link-local, metadata, multicast and reserved addresses stay
 * refused whatever the list says. Invalid entries match nothing.
 */
export interface OutboundPolicy {
  allowedHosts: readonly string[];
}

export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: string };
export type AddressCheck = { ok: true } | { ok: false; reason: string };

interface HostKey {
  /** As `URL.hostname` gives it: lower case, punycode, IPv6 in brackets, no trailing dot. */
  hostname: string;
  port: number | null;
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'http:': 80, 'https:': 443 };
/** MQTT brokers a feed may subscribe to: plain and TLS. */
const BROKER_PORTS: Readonly<Record<string, number>> = { 'mqtt:': 1883, 'mqtts:': 8883 };

// Characters that would make `http://${host}/` parse as something other than a bare host.
const NOT_IN_HOST = /[\s/\\?#@]/;

const stripTrailingDot = (hostname: string): string =>
  hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;

/** Parses `host`, `host:port`, `[v6]:port` or a bare IPv6 address; null when it isn't one. */
const parseHostKey = (text: string): HostKey | null => {
  const trimmed = text.trim();
  let host: string;
  let port: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(trimmed);
  if (bracketed) {
    host = `[${bracketed[1]}]`;
    port = bracketed[2];
  } else if (trimmed.split(':').length > 2) {
    host = `[${trimmed}]`;
  } else {
    const plain = /^([^:]+)(?::(\d{1,5}))?$/.exec(trimmed);
    if (!plain?.[1]) return null;
    host = plain[1];
    port = plain[2];
  }
  if (NOT_IN_HOST.test(host)) return null;
  const portNumber = port === undefined ? null : Number(port);
  if (portNumber !== null && (portNumber < 1 || portNumber > 65_535)) return null;
  try {
    // The URL parser gives entries the same normalisation as the URLs they are compared with.
    const hostname = stripTrailingDot(new URL(`http://${host}/`).hostname);
    return hostname === '' ? null : { hostname, port: portNumber };
  } catch {
    return null;
  }
};

const formatHostKey = (key: HostKey): string =>
  key.port === null ? key.hostname : `${key.hostname}:${key.port}`;

const isAllowListed = (key: HostKey, policy: OutboundPolicy): boolean =>
  policy.allowedHosts.some((entry) => {
    const allowed = parseHostKey(entry);
    return (
      allowed !== null &&
      allowed.hostname === key.hostname &&
      (allowed.port === null || allowed.port === key.port)
    );
  });

const unbracket = (hostname: string): string =>
  hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;

/** Why `ip` may not be reached through `host`, without the `refused: ` prefix; null if it may. */
const addressRefusal = (ip: string, host: string, policy: OutboundPolicy): string | null => {
  const found = classifyAddress(unbracket(ip));
  if (found === null) return `${JSON.stringify(ip)} is not an IP address`;
  if (found.kind === 'public') return null;
  const key = parseHostKey(host);
  const isListed = key !== null && isAllowListed(key, policy);
  if (found.isAllowListable && isListed) return null;
  const detail = `${ip} is ${found.label}`;
  if (isListed) return `${detail}, which stays refused even for allow-listed hosts`;
  if (found.isAllowListable && key !== null)
    return `${detail}; add "${formatHostKey(key)}" to the allowed hosts if this feed is meant to be on the internal network`;
  return detail;
};

const isLocalhostName = (hostname: string): boolean =>
  hostname === 'localhost' || hostname.endsWith('.localhost');

/** Why `url` may not be fetched, without the `refused: ` prefix; null if it may (so far). */
const urlRefusal = (
  url: URL,
  policy: OutboundPolicy,
  ports: Readonly<Record<string, number>> = DEFAULT_PORTS,
): string | null => {
  const defaultPort = ports[url.protocol];
  if (defaultPort === undefined) {
    const accepted = Object.keys(ports)
      .map((p) => p.slice(0, -1))
      .join(' and ');
    return `only ${accepted} URLs are accepted, not ${JSON.stringify(url.protocol)}`;
  }
  if (url.username !== '' || url.password !== '')
    return 'the URL carries credentials (user:password@); configure them separately';
  const key: HostKey = {
    hostname: stripTrailingDot(url.hostname),
    port: url.port === '' ? defaultPort : Number(url.port),
  };
  if (key.hostname === '') return 'the URL has no host';
  const hostKey = formatHostKey(key);
  const bare = unbracket(key.hostname);
  if (classifyAddress(bare) !== null) return addressRefusal(bare, hostKey, policy);
  // RFC 6761: these names are loopback whatever DNS says, and resolvers answer them locally.
  if (isLocalhostName(key.hostname) && !isAllowListed(key, policy))
    return `${key.hostname} is a loopback name; add "${hostKey}" to the allowed hosts if this feed is meant to be on this machine`;
  return null;
};

/**
 * Checks an administrator-configured feed URL before anything is sent: http(s) only, no
 * credentials in the URL, and an IP-literal host outside the forbidden ranges (or allow-listed,
 * where that is permitted). Hostnames pass here and are checked again on every DNS answer at
 * connect time (`checkResolvedAddresses`), except `localhost` and `*.localhost`, which count as
 * loopback. Odd IPv4 spellings (`127.1`, `0x7f.1`, `0177.0.0.1`, `2130706433`) are normalised by
 * the WHATWG URL parser first, so they are judged as the address they mean.
 */
export const checkFeedUrl = (raw: string, policy: OutboundPolicy): UrlCheck => {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    // The raw text is not echoed: it may hold a token or a password.
    return { ok: false, reason: 'refused: not a valid absolute URL' };
  }
  const refusal = urlRefusal(url, policy);
  return refusal === null ? { ok: true, url } : { ok: false, reason: `refused: ${refusal}` };
};

/**
 * Checks an MQTT broker URL the same way as a polled URL: mqtt/mqtts only, no credentials in
 * it, an IP-literal or loopback host only where allow-listed (`host:port`, default ports 1883
 * and 8883). Hostnames are checked again on every DNS answer when connecting.
 */
export const checkBrokerUrl = (raw: string, policy: OutboundPolicy): UrlCheck => {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, reason: 'refused: not a valid absolute URL' };
  }
  const refusal = urlRefusal(url, policy, BROKER_PORTS);
  return refusal === null ? { ok: true, url } : { ok: false, reason: `refused: ${refusal}` };
};

/** The allow-list key of a broker URL: hostname plus effective port (1883 / 8883 by default). */
export const brokerHostKeyOf = (url: URL): string =>
  formatHostKey({
    hostname: stripTrailingDot(url.hostname),
    port: url.port === '' ? (BROKER_PORTS[url.protocol] ?? null) : Number(url.port),
  });

/**
 * Checks one address the server is about to connect to. `host` is the allow-list key of the
 * request: the URL's hostname with its effective port (`sim.local:8090`, `[::1]:443`); a key
 * without a port only matches port-less entries.
 */
export const checkAddress = (ip: string, host: string, policy: OutboundPolicy): AddressCheck => {
  const refusal = addressRefusal(ip, host, policy);
  return refusal === null ? { ok: true } : { ok: false, reason: `refused: ${refusal}` };
};

/**
 * Checks every address a DNS lookup returned for `hostname`: one forbidden address refuses the
 * whole answer, so a record set that mixes public and internal addresses cannot slip through.
 */
export const checkResolvedAddresses = (
  hostname: string,
  addresses: readonly string[],
  host: string,
  policy: OutboundPolicy,
): AddressCheck => {
  if (addresses.length === 0) return { ok: false, reason: `refused: ${hostname} has no address` };
  for (const ip of addresses) {
    const refusal = addressRefusal(ip, host, policy);
    if (refusal !== null)
      return { ok: false, reason: `refused: ${hostname} resolves to ${refusal}` };
  }
  return { ok: true };
};

/** The allow-list key for a URL: hostname plus effective port. */
export const hostKeyOf = (url: URL): string =>
  formatHostKey({
    hostname: stripTrailingDot(url.hostname),
    port: url.port === '' ? (DEFAULT_PORTS[url.protocol] ?? null) : Number(url.port),
  });

const describeTarget = (url: URL): string =>
  Object.hasOwn(DEFAULT_PORTS, url.protocol) ? url.origin : JSON.stringify(url.protocol);

/**
 * Checks a redirect from `from` to `location` (absolute or relative): the target must pass
 * `checkFeedUrl`, and https may not be downgraded to http. Only the target's origin appears in
 * the reason; its path and query may carry tokens.
 */
export const checkRedirect = (from: URL, location: string, policy: OutboundPolicy): UrlCheck => {
  let target: URL;
  try {
    target = new URL(location, from);
  } catch {
    return { ok: false, reason: 'refused: redirect with an invalid Location header' };
  }
  if (from.protocol === 'https:' && target.protocol === 'http:')
    return { ok: false, reason: `refused: redirect from https down to ${target.origin}` };
  const refusal = urlRefusal(target, policy);
  return refusal === null
    ? { ok: true, url: target }
    : { ok: false, reason: `refused: redirect to ${describeTarget(target)}: ${refusal}` };
};
