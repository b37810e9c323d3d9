import { isIPv4, isIPv6 } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyAddress, formatIPv4, parseIPv4, parseIPv6 } from './classify-address';

describe('parseIPv6', () => {
  it.each([
    ['::', 0n],
    ['::1', 1n],
    ['1::', 1n << 112n],
    ['::ffff:127.0.0.1', 0xffff_7f00_0001n],
    ['0:0:0:0:0:ffff:7f00:1', 0xffff_7f00_0001n],
    ['FE80::A', (0xfe80n << 112n) | 0xan],
  ])('parses %s', (text, expected) => {
    expect(parseIPv6(text)).toBe(expected);
  });

  it.each([
    [':::'],
    ['1:::2'],
    ['1::2::3'],
    [':1'],
    ['1:'],
    ['1:2:3:4:5:6:7'],
    ['1:2:3:4:5:6:7:8:9'],
    ['1:2:3:4:5:6:7::8'],
    ['12345::'],
    ['::ffff:127.1'],
    ['1.2.3.4::'],
    ['g::'],
    ['[::1]'],
  ])('rejects %s', (text) => {
    expect(parseIPv6(text)).toBeNull();
  });

  it('agrees with node:net on every generated IPv6 address', () => {
    fc.assert(
      fc.property(fc.ipV6(), (text) => {
        expect(parseIPv6(text) !== null).toBe(isIPv6(text));
      }),
    );
  });

  it('agrees with node:net on near-miss strings', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-fA-F:.]{0,24}$/), (text) => {
        expect(parseIPv6(text) !== null).toBe(isIPv6(text));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('parseIPv4', () => {
  it('round-trips every address through formatIPv4', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff_ffff }), (n) => {
        expect(parseIPv4(formatIPv4(n))).toBe(n);
      }),
    );
  });

  it('accepts only what node:net calls IPv4', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9.]{0,16}$/), (text) => {
        expect(parseIPv4(text) !== null).toBe(isIPv4(text));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('classifyAddress', () => {
  it.each([
    ['8.8.8.8', 'public', true],
    ['127.0.0.1', 'loopback', true],
    ['10.0.0.1', 'private', true],
    ['100.64.0.1', 'shared', true],
    ['169.254.169.254', 'metadata', false],
    ['100.100.100.200', 'metadata', false],
    ['169.254.0.1', 'link-local', false],
    ['0.0.0.0', 'unspecified', false],
    ['224.0.0.1', 'multicast', false],
    ['255.255.255.255', 'broadcast', false],
    ['240.0.0.1', 'reserved', false],
    ['::1', 'loopback', true],
    ['::', 'unspecified', false],
    ['fd00::1', 'private', true],
    ['fd00:ec2::254', 'metadata', false],
    ['fe80::1', 'link-local', false],
    ['::ffff:127.0.0.1', 'loopback', false],
    ['::ffff:8.8.8.8', 'public', true],
    ['2606:4700::1111', 'public', true],
  ] as const)('classifies %s as %s (allow-listable: %s)', (ip, kind, isAllowListable) => {
    expect(classifyAddress(ip)).toMatchObject({ kind, isAllowListable });
  });

  it('returns null for text that is not an IP address', () => {
    expect(classifyAddress('example.com')).toBeNull();
  });
});
