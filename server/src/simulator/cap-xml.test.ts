import { describe, expect, it } from 'vitest';
import { parseCapAlert } from '../feeds/cap/parse';
import { parseCapFeed } from '../feeds/cap/parse-feed';
import { capWarningsAt, type SimCapWarning } from './cap-warnings';
import { CAP_FEED_ID, capAlertPath, capAlertXml, capAtomFeedXml, xmlEscape } from './cap-xml';

const NOW = new Date('2025-11-04T03:15:42Z');
const SELF = 'http://127.0.0.1:8090/sim/cap/warnings.atom';
const warnings = capWarningsAt(NOW, 168);
const update = warnings.find((w) => w.msgType === 'Update') as SimCapWarning;

/** Names of the direct children of `<alert>` (or of its first `<info>`), in document order. */
const childNames = (xml: string, indent: string) =>
  [...xml.matchAll(new RegExp(`^${indent}<([A-Za-z]+)[ >]`, 'gm'))].map((m) => m[1] as string);

const ALERT_ORDER = [
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
];
const INFO_ORDER = [
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
];

const isInSchemaOrder = (names: readonly string[], order: readonly string[]) =>
  names.every((name, i) => i === 0 || order.indexOf(name) >= order.indexOf(names[i - 1] ?? ''));

describe('capAlertXml', () => {
  it('writes a CAP 1.2 document with the elements in schema order', () => {
    const xml = capAlertXml(update);
    expect(
      xml.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">',
      ),
    ).toBe(true);
    const top = childNames(xml, '  ');
    expect(top.every((name) => ALERT_ORDER.includes(name))).toBe(true);
    expect(isInSchemaOrder(top, ALERT_ORDER)).toBe(true);
    expect(top.filter((n) => n === 'info')).toHaveLength(2);
    const info = childNames(xml, '    ');
    expect(info.every((name) => INFO_ORDER.includes(name))).toBe(true);
    expect(isInSchemaOrder(info.slice(0, info.indexOf('language', 1)), INFO_ORDER)).toBe(true);
  });

  it('writes references as sender,identifier,sent triples and polygons latitude first', () => {
    const xml = capAlertXml(update);
    const ref = update.references[0];
    expect(xml).toContain(
      `<references>${ref?.sender},${ref?.identifier},${ref?.sent}</references>`,
    );
    const polygon = /<polygon>([^<]+)<\/polygon>/.exec(xml)?.[1] ?? '';
    for (const pair of polygon.split(' ')) {
      const [lat, lng] = pair.split(',').map(Number);
      expect(lat).toBeGreaterThan(8.5);
      expect(lat).toBeLessThan(11.5);
      expect(lng).toBeGreaterThan(106);
    }
  });

  it('escapes every text so that it reads back unchanged', () => {
    const tricky = 'Mưa <lớn> & "lốc" – \'sét\' ]]>';
    const info = update.infos[0];
    if (!info) throw new Error('no info');
    const w: SimCapWarning = {
      ...update,
      note: tricky,
      infos: [
        {
          ...info,
          headline: tricky,
          areas: info.areas.map((a) => ({ ...a, areaDesc: tricky })),
        },
      ],
    };
    const parsed = parseCapAlert(capAlertXml(w));
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    expect(parsed.alert.note).toBe(tricky);
    expect(parsed.alert.infos[0]?.headline).toBe(tricky);
    expect(parsed.alert.infos[0]?.areas[0]?.areaDesc).toBe(tricky);
  });

  it('drops characters XML cannot carry', () => {
    expect(xmlEscape('a\u0000b\u0007c\td')).toBe('abc\td');
  });
});

describe('capAtomFeedXml', () => {
  it('writes an Atom feed, newest message first, each embedded and linked', () => {
    const xml = capAtomFeedXml(warnings, NOW, SELF);
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    expect(xml).toContain(`<id>${CAP_FEED_ID}</id>`);
    expect(xml).toContain(`<link rel="self" type="application/atom+xml" href="${SELF}"/>`);
    expect(xml.match(/<content type="application\/cap\+xml">/g)).toHaveLength(warnings.length);
    const newest = [...warnings].sort((a, b) => b.sentAtMs - a.sentAtMs);
    expect(xml).toContain(`<updated>${newest[0]?.sent}</updated>`);
    const feed = parseCapFeed(xml);
    if (!feed.ok) throw new Error(feed.errors.join('; '));
    expect(feed.entries.map((e) => e.alert?.identifier)).toEqual(newest.map((w) => w.identifier));
    expect(feed.entries[0]?.link).toBe(
      `http://127.0.0.1:8090${capAlertPath(newest[0]?.identifier ?? '')}`,
    );
    expect(new Set(feed.entries.map((e) => e.id)).size).toBe(feed.entries.length);
  });

  it('is dated `now` when it has no entries', () => {
    const feed = parseCapFeed(capAtomFeedXml([], NOW, SELF));
    expect(feed.ok && feed.entries).toEqual([]);
    expect(capAtomFeedXml([], NOW, SELF)).toContain('<updated>2025-11-04T03:15:42Z</updated>');
  });
});
