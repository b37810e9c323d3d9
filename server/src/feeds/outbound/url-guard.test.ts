import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkAddress,
  checkFeedUrl,
  checkRedirect,
  checkResolvedAddresses,
  hostKeyOf,
  type OutboundPolicy,
} from './url-guard';

const NOTHING_ALLOWED: OutboundPolicy = { allowedHosts: [] };
const SIMULATOR: OutboundPolicy = { allowedHosts: ['127.0.0.1:8090'] };

const policy = (...allowedHosts: string[]): OutboundPolicy => ({ allowedHosts });

const reasonOf = (result: { ok: boolean; reason?: string }): string =>
  result.ok ? '(accepted)' : (result.reason ?? '');

describe('checkFeedUrl', () => {
  it.each([
    ['http://example.com/feed.json'],
    ['https://api.example.org:8443/v1/data?station=7'],
    ['http://8.8.8.8/'],
    ['http://[2606:4700:4700::1111]/'],
    ['http://[::ffff:8.8.8.8]/'],
    ['http://[64:ff9b::808:808]/'],
  ])('accepts the public URL %s', (raw) => {
    expect(checkFeedUrl(raw, NOTHING_ALLOWED).ok).toBe(true);
  });

  it('returns the parsed URL', () => {
    const result = checkFeedUrl('  HTTP://Example.COM:80/a?b=1 ', NOTHING_ALLOWED);
    expect(result.ok && result.url.href).toBe('http://example.com/a?b=1');
  });

  it.each([
    ['file:///etc/passwd', 'only http and https'],
    ['ftp://example.com/', 'only http and https'],
    ['gopher://example.com/', 'only http and https'],
    ['data:text/plain,hello', 'only http and https'],
    ['javascript:alert(1)', 'only http and https'],
    ['not a url', 'not a valid absolute URL'],
    ['/relative/path', 'not a valid absolute URL'],
  ])('refuses %s', (raw, expected) => {
    expect(reasonOf(checkFeedUrl(raw, NOTHING_ALLOWED))).toContain(expected);
  });

  it.each([
    ['http://user:secret@example.com/'],
    ['http://user@example.com/'],
    ['https://:token@example.com/'],
  ])('refuses credentials in the URL %s without echoing them', (raw) => {
    const reason = reasonOf(checkFeedUrl(raw, NOTHING_ALLOWED));
    expect(reason).toContain('carries credentials');
    expect(reason).not.toMatch(/secret|token/);
  });

  it('does not echo an invalid URL, which may hold a secret', () => {
    expect(
      reasonOf(checkFeedUrl('http://exa mple.com/?key=SECRET', NOTHING_ALLOWED)),
    ).not.toContain('SECRET');
  });

  it.each([
    ['http://127.0.0.1/', '127.0.0.1 is a loopback address'],
    ['http://127.255.255.254/', 'loopback'],
    ['http://[::1]/', '::1 is a loopback address'],
    ['http://0.0.0.0/', 'unspecified'],
    ['http://0/', 'unspecified'],
    ['http://[::]/', 'unspecified'],
    ['http://10.1.2.3/', 'private-network'],
    ['http://172.16.0.1/', 'private-network'],
    ['http://172.31.255.255/', 'private-network'],
    ['http://192.168.1.1/', 'private-network'],
    ['http://[fc00::1]/', 'private-network'],
    ['http://[fdff:1234::1]/', 'private-network'],
    ['http://169.254.1.1/', 'link-local address'],
    ['http://[fe80::1]/', 'link-local address'],
    ['http://169.254.169.254/', '169.254.169.254 is a link-local / cloud metadata address'],
    ['http://169.254.169.254/latest/meta-data/', 'cloud metadata'],
    ['http://[fd00:ec2::254]/', 'cloud metadata'],
    ['http://100.100.100.200/', 'cloud metadata'],
    ['http://100.64.0.1/', 'carrier-grade NAT'],
    ['http://100.127.255.254/', 'carrier-grade NAT'],
    ['http://224.0.0.1/', 'multicast'],
    ['http://239.255.255.250/', 'multicast'],
    ['http://[ff02::1]/', 'multicast'],
    ['http://255.255.255.255/', 'broadcast'],
    ['http://240.0.0.1/', 'reserved'],
    ['http://192.0.2.10/', 'documentation'],
    ['http://198.18.0.1/', 'benchmarking'],
    ['http://[2001:db8::1]/', 'documentation'],
    ['http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/', 'reserved'],
    ['http://[100::1]/', 'discard-only'],
    ['http://[fec0::1]/', 'site-local'],
    ['http://[4000::1]/', 'outside global unicast'],
    ['http://[::ffff:127.0.0.1]/', 'IPv4-mapped IPv6 address embedding 127.0.0.1, a loopback'],
    ['http://[::ffff:7f00:1]/', 'IPv4-mapped IPv6 address embedding 127.0.0.1'],
    ['http://[::ffff:a9fe:a9fe]/', 'embedding 169.254.169.254, a link-local / cloud metadata'],
    ['http://[::ffff:0:a00:1]/', 'IPv4-translated IPv6 address embedding 10.0.0.1'],
    ['http://[::127.0.0.1]/', 'IPv4-compatible IPv6 address embedding 127.0.0.1'],
    ['http://[::8.8.8.8]/', 'deprecated IPv4-compatible'],
    ['http://[64:ff9b::127.0.0.1]/', 'NAT64 IPv6 address embedding 127.0.0.1'],
    ['http://[64:ff9b::a9fe:a9fe]/', 'NAT64 IPv6 address embedding 169.254.169.254'],
    ['http://[64:ff9b:1::1]/', 'local-use NAT64'],
    ['http://[2002:7f00:1::]/', '6to4 IPv6 address embedding 127.0.0.1'],
    ['http://[2002:a9fe:a9fe::1]/', '6to4 IPv6 address embedding 169.254.169.254'],
    ['http://[2002:c0a8:101::]/', '6to4 IPv6 address embedding 192.168.1.1'],
  ])('refuses %s, naming the address class', (raw, expected) => {
    const result = checkFeedUrl(raw, NOTHING_ALLOWED);
    expect(result.ok).toBe(false);
    expect(reasonOf(result)).toMatch(/^refused: /);
    expect(reasonOf(result)).toContain(expected);
  });

  it.each([
    ['http://127.1/'],
    ['http://127.0.1/'],
    ['http://0x7f.1/'],
    ['http://0X7F.0X0.0X0.0X1/'],
    ['http://0x7f000001/'],
    ['http://0177.0.0.1/'],
    ['http://0177.1/'],
    ['http://017700000001/'],
    ['http://2130706433/'],
    ['http://127.000.000.001/'],
    ['http://127.0.0.1./'],
    ['http://%31%32%37.0.0.1/'],
    ['http://\uff11\uff12\uff17.0.0.1/'],
    ['http://0xa9.0xfe.0xa9.0xfe/'],
    ['http://2852039166/'],
    ['http://0251.0376.0251.0376/'],
    ['http://169.254.43518/'],
    ['http://0x0/'],
    ['http://[0:0:0:0:0:ffff:127.0.0.1]/'],
    ['http://[0000:0000:0000:0000:0000:0000:0000:0001]/'],
  ])('refuses the odd spelling %s of a forbidden address', (raw) => {
    const result = checkFeedUrl(raw, NOTHING_ALLOWED);
    expect(result.ok).toBe(false);
    expect(reasonOf(result)).toMatch(/^refused: .* is an? /);
  });

  it.each([
    ['http://localhost/'],
    ['http://LOCALHOST:8090/'],
    ['http://localhost./'],
    ['http://sim.localhost/'],
  ])('refuses the loopback name %s', (raw) => {
    expect(reasonOf(checkFeedUrl(raw, NOTHING_ALLOWED))).toContain('is a loopback name');
  });

  it('suggests the allow-list entry an administrator would add', () => {
    expect(reasonOf(checkFeedUrl('http://127.0.0.1:8091/', NOTHING_ALLOWED))).toContain(
      'add "127.0.0.1:8091" to the allowed hosts',
    );
  });

  it('leaves other hostnames to the connect-time DNS check', () => {
    expect(checkFeedUrl('http://feeds.internal.example:8080/', NOTHING_ALLOWED).ok).toBe(true);
  });
});

describe('checkFeedUrl with an allow list', () => {
  it.each([
    ['an allow-listed host:port', SIMULATOR, 'http://127.0.0.1:8090/api/readings'],
    ['an entry in an odd IPv4 spelling', policy('0x7f.1:8090'), 'http://127.0.0.1:8090/'],
    ['a port-less entry, on any port', policy('127.0.0.1'), 'http://127.0.0.1:9999/'],
    ['a default port written out', policy('10.0.0.5:80'), 'http://10.0.0.5/'],
    ['an entry in another case', policy('LocalHost:8090'), 'http://localhost:8090/'],
    ['a *.localhost name', policy('sim.localhost'), 'http://sim.localhost:3000/'],
    ['a bracketed IPv6 entry', policy('[::1]:8090'), 'http://[::1]:8090/'],
    ['a bare IPv6 entry', policy('fd12::7'), 'https://[fd12::7]/'],
    ['a carrier-grade NAT host', policy('100.64.1.1:443'), 'https://100.64.1.1/'],
  ])('accepts %s', (_, allowList, raw) => {
    expect(reasonOf(checkFeedUrl(raw, allowList))).toBe('(accepted)');
  });

  it.each([
    ['another port', SIMULATOR, 'http://127.0.0.1:8091/'],
    ['the default port when only 8090 is listed', SIMULATOR, 'http://127.0.0.1/'],
    ['another loopback address', SIMULATOR, 'http://127.0.0.2:8090/'],
    ['the same address by name', SIMULATOR, 'http://localhost:8090/'],
    ['an invalid entry', policy('127.0.0.1:99999', 'http://127.0.0.1/', ''), 'http://127.0.0.1/'],
  ])('refuses %s', (_, allowList, raw) => {
    expect(checkFeedUrl(raw, allowList).ok).toBe(false);
  });

  it.each([
    ['169.254.169.254', 'http://169.254.169.254/'],
    ['169.254.169.254:80', 'http://169.254.169.254/'],
    ['169.254.10.10', 'http://169.254.10.10/'],
    ['[fe80::1]', 'http://[fe80::1]/'],
    ['[fd00:ec2::254]', 'http://[fd00:ec2::254]/'],
    ['100.100.100.200', 'http://100.100.100.200/'],
    ['224.0.0.1', 'http://224.0.0.1/'],
    ['0.0.0.0', 'http://0.0.0.0/'],
    ['[::ffff:127.0.0.1]', 'http://[::ffff:127.0.0.1]/'],
    ['[64:ff9b::7f00:1]', 'http://[64:ff9b::7f00:1]/'],
  ])('refuses %s even when it is allow-listed', (entry, raw) => {
    const reason = reasonOf(checkFeedUrl(raw, policy(entry)));
    expect(reason).toContain('stays refused even for allow-listed hosts');
  });
});

describe('checkAddress', () => {
  it('accepts a public address', () => {
    expect(checkAddress('93.184.215.14', 'example.com:443', NOTHING_ALLOWED)).toEqual({ ok: true });
  });

  it('accepts a private address for an allow-listed host name', () => {
    const allowList = policy('sim.city.internal:8090');
    expect(checkAddress('10.20.0.5', 'sim.city.internal:8090', allowList).ok).toBe(true);
  });

  it('refuses the metadata address for an allow-listed host name', () => {
    const allowList = policy('sim.city.internal');
    expect(reasonOf(checkAddress('169.254.169.254', 'sim.city.internal:80', allowList))).toBe(
      'refused: 169.254.169.254 is a link-local / cloud metadata address, which stays refused even for allow-listed hosts',
    );
  });

  it.each([['127.1'], ['0x7f.0.0.1'], ['2130706433'], ['localhost'], [''], ['1.2.3.4.5']])(
    'refuses %s, which is not a canonical IP address',
    (ip) => {
      expect(reasonOf(checkAddress(ip, 'x:80', NOTHING_ALLOWED))).toContain('is not an IP address');
    },
  );

  it('ignores an IPv6 zone when classifying', () => {
    expect(reasonOf(checkAddress('fe80::1%eth0', 'x:80', NOTHING_ALLOWED))).toContain('link-local');
  });
});

describe('checkResolvedAddresses', () => {
  it('refuses the whole answer when one address is forbidden', () => {
    const reason = reasonOf(
      checkResolvedAddresses(
        'feed.example',
        ['93.184.215.14', '127.0.0.1'],
        'feed.example:80',
        NOTHING_ALLOWED,
      ),
    );
    expect(reason).toMatch(
      /^refused: feed\.example resolves to 127\.0\.0\.1 is a loopback address/,
    );
  });

  it('refuses an empty answer', () => {
    expect(checkResolvedAddresses('x.example', [], 'x.example:80', NOTHING_ALLOWED).ok).toBe(false);
  });

  it('accepts an all-public answer', () => {
    expect(
      checkResolvedAddresses(
        'x.example',
        ['8.8.8.8', '2001:4860::8888'],
        'x.example:80',
        NOTHING_ALLOWED,
      ),
    ).toEqual({ ok: true });
  });
});

describe('checkRedirect', () => {
  const from = new URL('http://127.0.0.1:8090/feed');

  it('resolves a relative Location against the current URL', () => {
    const result = checkRedirect(from, '/v2/feed?x=1', SIMULATOR);
    expect(result.ok && result.url.href).toBe('http://127.0.0.1:8090/v2/feed?x=1');
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data/', 'link-local / cloud metadata'],
    ['http://127.0.0.1:6379/', 'add "127.0.0.1:6379"'],
    ['http://localhost:8090/', 'loopback name'],
    ['file:///etc/passwd', 'only http and https'],
    ['http://user:pw@example.com/', 'credentials'],
  ])('refuses a redirect to %s', (location, expected) => {
    const reason = reasonOf(checkRedirect(from, location, SIMULATOR));
    expect(reason).toMatch(/^refused: redirect to /);
    expect(reason).toContain(expected);
  });

  it('names only the origin of the refused target, not its path or query', () => {
    const reason = reasonOf(checkRedirect(from, 'http://10.0.0.1/x?token=SECRET', SIMULATOR));
    expect(reason).not.toContain('SECRET');
    expect(reason).toContain('http://10.0.0.1');
  });

  it('refuses a downgrade from https to http', () => {
    const secure = new URL('https://example.com/feed');
    expect(reasonOf(checkRedirect(secure, 'http://example.com/feed', NOTHING_ALLOWED))).toContain(
      'from https down to',
    );
  });
});

describe('hostKeyOf', () => {
  it.each([
    ['http://Example.com/', 'example.com:80'],
    ['https://example.com/', 'example.com:443'],
    ['http://example.com:8080/', 'example.com:8080'],
    ['http://[::1]:8090/', '[::1]:8090'],
    ['http://localhost./', 'localhost:80'],
  ])('keys %s as %s', (raw, expected) => {
    expect(hostKeyOf(new URL(raw))).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------
// Property tests. The forbidden ranges are written out again here, independently of
// classify-address.ts, so the tests are an oracle rather than a copy of the implementation.

const FORBIDDEN_V4: readonly (readonly [string, number])[] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

const toU32 = (dotted: string): number =>
  dotted.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);

const toDotted = (n: number): string =>
  [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].join('.');

const isForbiddenV4 = (n: number): boolean =>
  FORBIDDEN_V4.some(([base, prefix]) => n >>> (32 - prefix) === toU32(base) >>> (32 - prefix));

const forbiddenV4 = fc
  .constantFrom(...FORBIDDEN_V4)
  .chain(([base, prefix]) =>
    fc.integer({ min: 0, max: 2 ** (32 - prefix) - 1 }).map((offset) => toU32(base) + offset),
  );

const publicV4 = fc.integer({ min: 0, max: 0xffff_ffff }).filter((n) => !isForbiddenV4(n));

type Radix = 'dec' | 'hex' | 'oct';

/** One part of a WHATWG IPv4 host: decimal, 0x-hex (either case) or 0-prefixed octal. */
const writePart = (value: number, radix: Radix, upper: boolean, zeros: number): string => {
  if (radix === 'hex') {
    const hex = `0x${'0'.repeat(zeros)}${value.toString(16)}`;
    return upper ? hex.toUpperCase() : hex;
  }
  if (radix === 'oct') return `0${'0'.repeat(zeros)}${value.toString(8)}`;
  return value.toString(10);
};

const partStyle = fc.record({
  radix: fc.constantFrom<Radix>('dec', 'hex', 'oct'),
  upper: fc.boolean(),
  zeros: fc.integer({ min: 0, max: 3 }),
});

/** Every way the WHATWG parser accepts to write `n`: 1 to 4 parts, each in its own radix. */
const oddSpelling = (n: number) =>
  fc
    .record({
      partCount: fc.integer({ min: 1, max: 4 }),
      styles: fc.array(partStyle, { minLength: 4, maxLength: 4 }),
      trailingDot: fc.boolean(),
    })
    .map(({ partCount, styles, trailingDot }) => {
      const bytes = [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
      // The last part holds all the remaining bytes: a.b.c.d, a.b.(c*256+d), a.(b,c,d), (abcd).
      const leading = bytes.slice(0, partCount - 1);
      const last = bytes.slice(partCount - 1).reduce((acc, byte) => acc * 256 + byte, 0);
      const parts = [...leading, last].map((value, i) => {
        const style = styles[i] ?? { radix: 'dec' as const, upper: false, zeros: 0 };
        return writePart(value, style.radix, style.upper, style.zeros);
      });
      return `${parts.join('.')}${trailingDot ? '.' : ''}`;
    });

const hex16 = (n: number): string => n.toString(16);

describe('checkFeedUrl properties', () => {
  it('refuses every address in a forbidden IPv4 range, however it is spelled', () => {
    fc.assert(
      fc.property(
        forbiddenV4.chain((n) => fc.tuple(fc.constant(n), oddSpelling(n))),
        fc.constantFrom('http', 'https'),
        ([n, host], scheme) => {
          const raw = `${scheme}://${host}/feed`;
          // The generator really wrote n (guards the test itself).
          expect(new URL(raw).hostname).toBe(toDotted(n));
          expect(checkFeedUrl(raw, NOTHING_ALLOWED).ok).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('refuses every forbidden IPv4 address embedded in IPv6 (mapped, NAT64, 6to4)', () => {
    fc.assert(
      fc.property(forbiddenV4, fc.integer({ min: 0, max: 3 }), (n, form) => {
        const hi = hex16(n >>> 16);
        const lo = hex16(n & 0xffff);
        const host = [
          `::ffff:${toDotted(n)}`,
          `::ffff:${hi}:${lo}`,
          `64:ff9b::${hi}:${lo}`,
          `2002:${hi}:${lo}::1`,
        ][form];
        expect(checkFeedUrl(`http://[${host}]/`, NOTHING_ALLOWED).ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses forbidden addresses even with loopback and private hosts allow-listed elsewhere', () => {
    fc.assert(
      fc.property(forbiddenV4, fc.integer({ min: 1, max: 65_535 }), (n, port) => {
        const otherPort = port === 65_535 ? 1 : port + 1;
        const allowList = policy(`${toDotted(n)}:${otherPort}`, 'sim.localhost');
        expect(checkFeedUrl(`http://${toDotted(n)}:${port}/`, allowList).ok).toBe(false);
      }),
    );
  });

  it('accepts every public IPv4 address, however it is spelled', () => {
    fc.assert(
      fc.property(
        publicV4.chain((n) => fc.tuple(fc.constant(n), oddSpelling(n))),
        ([n, host]) => {
          const result = checkFeedUrl(`http://${host}/`, NOTHING_ALLOWED);
          expect(reasonOf(result)).toBe('(accepted)');
          expect(result.ok && result.url.hostname).toBe(toDotted(n));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('accepts public IPv4 addresses mapped into IPv6 and through NAT64', () => {
    fc.assert(
      fc.property(publicV4, fc.boolean(), (n, isNat64) => {
        const prefix = isNat64 ? '64:ff9b::' : '::ffff:';
        expect(checkFeedUrl(`http://[${prefix}${toDotted(n)}]/`, NOTHING_ALLOWED).ok).toBe(true);
      }),
    );
  });

  it('refuses random addresses in forbidden IPv6 ranges', () => {
    const ranges: readonly (readonly [number, number])[] = [
      // [first 16 bits, how many of them are fixed]
      [0xfc00, 7],
      [0xfe80, 10],
      [0xff00, 8],
      [0xfec0, 10],
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...ranges),
        fc.integer({ min: 0, max: 0xffff }),
        fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 7, maxLength: 7 }),
        ([base, fixed], firstRandom, rest) => {
          const mask = (0xffff << (16 - fixed)) & 0xffff;
          const first = (base & mask) | (firstRandom & ~mask & 0xffff);
          const host = [first, ...rest].map(hex16).join(':');
          expect(checkFeedUrl(`http://[${host}]/`, NOTHING_ALLOWED).ok).toBe(false);
        },
      ),
    );
  });
});
