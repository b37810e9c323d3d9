import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeXmlBytes } from './decode-xml-bytes';
import {
  type CapFeedEntry,
  type CapFeedFormat,
  type CapFeedResult,
  parseCapFeed,
} from './parse-feed';

const FIXTURES = fileURLToPath(new URL('../../../../../shared/fixtures/cap/', import.meta.url));
const hasFixtures = fs.existsSync(FIXTURES);
if (!hasFixtures) console.warn(`CAP feed fixture tests SKIPPED: ${FIXTURES} is absent`);

const readFixture = (relative: string): string =>
  decodeXmlBytes(fs.readFileSync(path.join(FIXTURES, relative)));

const listFixtures = (folder: string): string[] =>
  hasFixtures ? fs.readdirSync(path.join(FIXTURES, folder)).sort() : [];

const accepted = (
  result: CapFeedResult,
): { format: CapFeedFormat; entries: CapFeedEntry[]; warnings: string[] } => {
  if (!result.ok) throw new Error(`refused: ${result.errors.join(' | ')}`);
  return result;
};

const errorsOf = (result: CapFeedResult): string =>
  result.ok ? '(accepted)' : result.errors.join('\n');

const ALERT = (identifier: string) =>
  `<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>${identifier}</identifier><sender>ioc@hcmc.gov.vn</sender><sent>2025-09-01T10:00:00+07:00</sent><status>Actual</status><msgType>Alert</msgType><scope>Public</scope><info><language>vi-VN</language><category>Met</category><event>Ngập</event><urgency>Expected</urgency><severity>Moderate</severity><certainty>Likely</certainty><headline>Triều cường</headline></info></alert>`;

/** An Atom feed with the given entries' inner XML. */
const atomFeed = (...entries: string[]): string =>
  `<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:feed</id><title>IOC</title><updated>2025-09-01T03:00:00Z</updated>${entries
    .map((entry) => `<entry>${entry}</entry>`)
    .join('')}</feed>`;

describe('parseCapFeed', () => {
  describe.skipIf(!hasFixtures)('with the feed fixtures', () => {
    const FEEDS: [file: string, format: CapFeedFormat, entries: number, alerts: number][] = [
      ['amber_fat_feed.atom', 'atom', 1, 1],
      ['amber_index.rss', 'rss', 1, 0],
      ['canada_naads_signed.atom', 'atom', 1, 1],
      ['nws_alerts_fat_feed.atom', 'atom', 1, 1],
      ['nws_alerts_index.atom', 'atom', 2, 0],
      ['nws_alerts_index_empty.atom', 'atom', 0, 0],
      ['ny_alert_index.rss', 'rss', 2, 0],
      ['smhi_sweden_alerts_collection.xml', 'collection', 17, 17],
      ['trinet_earthquake_fat_feed.atom', 'atom', 1, 1],
      ['usgs_earthquake_index.atom', 'atom', 1, 0],
      ['usgs_m4.5_week.atom', 'atom', 1, 0],
    ];

    it('has an expectation for every file in feeds/', () => {
      expect(FEEDS.map(([file]) => file).sort()).toEqual(listFixtures('feeds'));
    });

    it.each(FEEDS)(
      'reads %s as %s with %i entries, %i of them embedded alerts',
      (file, format, entries, alerts) => {
        const result = accepted(parseCapFeed(readFixture(`feeds/${file}`)));
        expect(result.format).toBe(format);
        expect(result.entries).toHaveLength(entries);
        expect(result.entries.filter((entry) => entry.alert)).toHaveLength(alerts);
      },
    );

    it('reads the atom:-prefixed AMBER feed and its embedded CAP 1.1 alert', () => {
      const { entries, warnings } = accepted(
        parseCapFeed(readFixture('feeds/amber_fat_feed.atom')),
      );
      expect(entries[0]?.id).toBe('http://doj.dc.gov/amber12345');
      expect(entries[0]?.updated).toBe('2010-06-04T00:15:00.000Z');
      expect(entries[0]?.alert?.sender).toBe('KARO@CLETS.DOJ.DC.GOV');
      expect(warnings).toEqual([
        'entry[0]: embedded CAP alert: CAP 1.1 namespace; read with the CAP 1.2 rules',
      ]);
    });

    it('reads the links and UTC times of the NWS index entries', () => {
      const { entries } = accepted(parseCapFeed(readFixture('feeds/nws_alerts_index.atom')));
      expect(entries[0]?.link).toBe(
        'http://www.weather.gov/alerts-beta/wwacapget.php?x=CT20100831030400OKXAirQualityAlertOKX20100901031500CT',
      );
      expect(entries[0]?.updated).toBe('2010-08-31T03:04:00.000Z');
    });

    it('follows the CAP link of the USGS index rather than the web page', () => {
      const { entries } = accepted(parseCapFeed(readFixture('feeds/usgs_earthquake_index.atom')));
      expect(entries[0]?.link).toBe(
        'http://earthquake.usgs.gov/earthquakes/catalogs/cap/us2010apcd',
      );
    });

    it('reads the guid, link and RFC 822 date of the RSS items', () => {
      const { entries } = accepted(parseCapFeed(readFixture('feeds/ny_alert_index.rss')));
      expect(entries[0]).toMatchObject({
        id: 'NYAlert-ALLHAZALERT-3167113',
        link: 'http://www.nyalert.gov/Public/News/GetCapAlert.aspx?capID=NYAlert-ALLHAZALERT-3167113',
        updated: '2011-02-04T20:20:00.000Z',
      });
      expect(entries[1]?.title).toContain('Cornwall town line & West Point');
    });

    it('converts a US zone name in an RSS date', () => {
      const { entries } = accepted(parseCapFeed(readFixture('feeds/amber_index.rss')));
      expect(entries[0]?.updated).toBe('2003-06-12T05:39:00.000Z');
    });

    it('reads every alert of the SMHI collection with its identifier as entry id', () => {
      const { entries } = accepted(
        parseCapFeed(readFixture('feeds/smhi_sweden_alerts_collection.xml')),
      );
      expect(entries[0]?.id).toBe('smhi-bpm-1552396920785');
      expect(entries.every((entry) => entry.alert?.identifier === entry.id)).toBe(true);
    });

    it('reads the signed alert of the NAADS feed', () => {
      const { entries } = accepted(parseCapFeed(readFixture('feeds/canada_naads_signed.atom')));
      expect(entries[0]?.alert?.identifier).toBe('2.49.0.1.124.f2c83f5f.2013');
      expect(entries[0]?.alert?.msgType).toBe('Update');
    });
  });

  describe.skipIf(!hasFixtures)('with the invalid and adversarial feeds', () => {
    // The .xml files of invalid/ are single alerts: parse.test.ts covers them.
    const INVALID: [file: string, reasons: RegExp[]][] = [
      [
        'feed_entry_invalid_identifier.atom',
        [/entry\[0\]: embedded CAP alert: <identifier> "INVALID," must not contain/],
      ],
      [
        'feed_entry_missing_link.atom',
        [/entry\[0\]: has neither a <link> nor an embedded CAP <alert>/],
      ],
      ['feed_entry_missing_title.atom', [/entry\[0\]: required <title> is missing/]],
      ['feed_extra_element.atom', [/feed: unknown Atom element <foo>/]],
      [
        'feed_missing_id.atom',
        [/feed: required <id> is missing/, /entry\[0\]: required <id> is missing/],
      ],
      [
        'rss_missing_title.rss',
        [/channel: required <title> is missing/, /item\[0\]: an item needs a <title> or a <link>/],
      ],
      ['xxe_attack.atom', [/DOCTYPE declaration: refused/]],
    ];

    it('has an expectation for every feed file in invalid/', () => {
      expect([...INVALID.map(([file]) => file), 'feed_alert_outside_entry.atom'].sort()).toEqual(
        listFixtures('invalid').filter((file) => !file.endsWith('.xml')),
      );
    });

    it.each(INVALID)('refuses %s and names the problem', (file, reasons) => {
      const result = parseCapFeed(readFixture(`invalid/${file}`));
      expect(result.ok).toBe(false);
      for (const reason of reasons) expect(errorsOf(result)).toMatch(reason);
    });

    // SOURCES.md: "should yield 0 alerts". An alert outside any entry is foreign markup,
    // which Atom allows, so the feed itself is valid and simply has no entries.
    it('yields no entries from feed_alert_outside_entry.atom and warns about the stray alert', () => {
      const result = accepted(parseCapFeed(readFixture('invalid/feed_alert_outside_entry.atom')));
      expect(result.entries).toEqual([]);
      expect(result.warnings).toEqual(['feed: a CAP <alert> outside any <entry> was ignored']);
    });
  });

  describe('with built feeds', () => {
    it('reads an entry that embeds an alert and has no link', () => {
      const { entries } = accepted(
        parseCapFeed(
          atomFeed(
            `<id>e1</id><title>Flood</title><content type="application/cap+xml">${ALERT('A1')}</content>`,
          ),
        ),
      );
      expect(entries).toEqual([
        {
          id: 'e1',
          title: 'Flood',
          alert: expect.objectContaining({ identifier: 'A1', sent: '2025-09-01T03:00:00.000Z' }),
        },
      ]);
    });

    it('reads an alert escaped as text inside content', () => {
      const escaped = ALERT('A2').replaceAll('&', '&amp;').replaceAll('<', '&lt;');
      const { entries } = accepted(
        parseCapFeed(
          atomFeed(`<id>e1</id><title>Flood</title><content type="text">${escaped}</content>`),
        ),
      );
      expect(entries[0]?.alert?.identifier).toBe('A2');
    });

    it('uses an out-of-line content src as the link', () => {
      const { entries } = accepted(
        parseCapFeed(
          atomFeed(
            '<id>e1</id><title>Flood</title><content type="application/cap+xml" src="https://ioc.example/a1.xml"/>',
          ),
        ),
      );
      expect(entries[0]?.link).toBe('https://ioc.example/a1.xml');
    });

    it('reads the text of an xhtml title', () => {
      const { entries } = accepted(
        parseCapFeed(
          atomFeed(
            '<id>e1</id><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Flood <b>now</b></div></title><link href="https://ioc.example/a1.xml"/>',
          ),
        ),
      );
      expect(entries[0]?.title).toBe('Flood now');
    });

    it('lists the error of each invalid embedded alert under its entry', () => {
      const result = parseCapFeed(
        atomFeed(
          `<id>e1</id><title>ok</title><content>${ALERT('A1')}</content>`,
          `<id>e2</id><title>bad</title><content>${ALERT('BAD ID')}</content>`,
          `<id>e3</id><title>bad too</title><content>${ALERT('X,Y')}</content>`,
        ),
      );
      expect(result.ok ? [] : result.errors).toEqual([
        `entry[1]: embedded CAP alert: <identifier> "BAD ID" must not contain spaces, commas, '<' or '&'`,
        `entry[2]: embedded CAP alert: <identifier> "X,Y" must not contain spaces, commas, '<' or '&'`,
      ]);
    });

    it('warns about an entry date that is not RFC 3339 and leaves it out', () => {
      const { entries, warnings } = accepted(
        parseCapFeed(
          atomFeed('<id>e1</id><title>t</title><updated>yesterday</updated><link href="x"/>'),
        ),
      );
      expect(entries[0]?.updated).toBeUndefined();
      expect(warnings).toEqual([
        'entry[0]: <updated> "yesterday" is not an RFC 3339 date; ignored',
      ]);
    });

    it('accepts an RSS item with only a link, and one with an embedded alert', () => {
      const { entries } = accepted(
        parseCapFeed(
          `<rss version="2.0"><channel><title>IOC</title><item><link>https://ioc.example/a.xml</link></item><item><title>t</title>${ALERT('A3')}</item></channel></rss>`,
        ),
      );
      expect(entries[0]).toEqual({
        id: 'https://ioc.example/a.xml',
        title: 'https://ioc.example/a.xml',
        link: 'https://ioc.example/a.xml',
      });
      expect(entries[1]?.alert?.identifier).toBe('A3');
    });

    it.each<[string, string, RegExp]>([
      ['a single alert', ALERT('A1'), /single CAP <alert>, not a feed/],
      ['an unknown root', '<html><body/></html>', /root element <html> is not an Atom <feed>/],
      [
        'an Atom 0.3 feed',
        '<feed xmlns="http://purl.org/atom/ns#"/>',
        /in namespace "http:\/\/purl\.org\/atom\/ns#"/,
      ],
      [
        'an RSS feed without channel',
        '<rss version="2.0"/>',
        /exactly one <channel> is required, found 0/,
      ],
      [
        'an undefined entity',
        atomFeed('<id>e</id><title>&bogus;</title><link href="x"/>'),
        /undefined entity reference &bogus;/,
      ],
      ['a DOCTYPE', `<!DOCTYPE feed>${atomFeed()}`, /DOCTYPE declaration: refused/],
      [
        'an invalid alert in a collection',
        `<alerts>${ALERT('A 1')}</alerts>`,
        /alert\[0\]: embedded CAP alert: <identifier> "A 1"/,
      ],
    ])('refuses %s', (_case, xml, reason) => {
      expect(errorsOf(parseCapFeed(xml))).toMatch(reason);
    });

    it('never throws on random edits of a fat feed', () => {
      const valid = atomFeed(`<id>e1</id><title>t</title><content>${ALERT('A1')}</content>`);
      const edit = fc.record({
        at: fc.nat({ max: valid.length }),
        remove: fc.nat({ max: 12 }),
        insert: fc.oneof(
          fc.string({ maxLength: 8 }),
          fc.constantFrom('<', '&', '</entry>', '<entry>', 'atom:'),
        ),
      });
      fc.assert(
        fc.property(fc.array(edit, { minLength: 1, maxLength: 5 }), (edits) => {
          let text = valid;
          for (const { at, remove, insert } of edits) {
            const position = Math.min(at, text.length);
            text = text.slice(0, position) + insert + text.slice(position + remove);
          }
          const result = parseCapFeed(text);
          expect(result.ok ? Array.isArray(result.entries) : result.errors.length > 0).toBe(true);
        }),
        { numRuns: 500 },
      );
    });
  });
});
