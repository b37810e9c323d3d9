import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeXmlBytes } from './decode-xml-bytes';
import {
  CAP_11_NAMESPACE,
  CAP_12_NAMESPACE,
  type CapAlert,
  type CapParseResult,
  formatCapPolygon,
  type LngLat,
  parseCapAlert,
  parseCapPolygon,
} from './parse';

// Real samples live in the shared fixture tree beside the repository (/work/main/../shared).
const FIXTURES = fileURLToPath(new URL('../../../../../shared/fixtures/cap/', import.meta.url));
const hasFixtures = fs.existsSync(FIXTURES);
if (!hasFixtures) console.warn(`CAP alert fixture tests SKIPPED: ${FIXTURES} is absent`);

const readFixture = (relative: string): string =>
  decodeXmlBytes(fs.readFileSync(path.join(FIXTURES, relative)));

const listFixtures = (folder: string): string[] =>
  hasFixtures ? fs.readdirSync(path.join(FIXTURES, folder)).sort() : [];

const accepted = (result: CapParseResult): { alert: CapAlert; warnings: string[] } => {
  if (!result.ok) throw new Error(`refused: ${result.errors.join(' | ')}`);
  return result;
};

const errorsOf = (result: CapParseResult): string =>
  result.ok ? '(accepted)' : result.errors.join('\n');

interface AlertParts {
  ns: string;
  /** Alert-level elements in order; null leaves the element out. */
  head: Record<string, string | null>;
  /** Raw XML appended after the alert-level elements (before `<info>`). */
  extra: string;
  info: Record<string, string | null> | null;
  /** Raw XML of the `<area>` children; null leaves `<area>` out. */
  area: string | null;
}

const element = (name: string, value: string | null): string =>
  value === null ? '' : `<${name}>${value}</${name}>`;

/** Builds a valid CAP 1.2 thunderstorm warning (OASIS example A.2); overrides replace parts. */
const capXml = (overrides: Partial<AlertParts> = {}): string => {
  const parts: AlertParts = {
    ns: CAP_12_NAMESPACE,
    extra: '',
    area: '<areaDesc>Alpine County</areaDesc><polygon>38.47,-120.14 38.34,-119.95 38.52,-119.74 38.62,-119.89 38.47,-120.14</polygon><geocode><valueName>SAME</valueName><value>006109</value></geocode>',
    ...overrides,
    head: {
      identifier: 'KSTO1055887203',
      sender: 'KSTO@NWS.NOAA.GOV',
      sent: '2003-06-17T14:57:00-07:00',
      status: 'Actual',
      msgType: 'Alert',
      scope: 'Public',
      ...overrides.head,
    },
    info:
      overrides.info === null
        ? null
        : {
            category: 'Met',
            event: 'SEVERE THUNDERSTORM',
            responseType: 'Shelter',
            urgency: 'Immediate',
            severity: 'Severe',
            certainty: 'Observed',
            expires: '2003-06-17T16:00:00-07:00',
            headline: 'SEVERE THUNDERSTORM WARNING',
            ...overrides.info,
          },
  };
  const head = Object.entries(parts.head)
    .map(([name, value]) => element(name, value))
    .join('');
  const info =
    parts.info === null
      ? ''
      : `<info>${Object.entries(parts.info)
          .map(([name, value]) => element(name, value))
          .join('')}${parts.area === null ? '' : `<area>${parts.area}</area>`}</info>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<alert xmlns="${parts.ns}">${head}${parts.extra}${info}</alert>`;
};

describe('parseCapAlert', () => {
  describe.skipIf(!hasFixtures)('with the OASIS CAP 1.2 specification examples', () => {
    it.each(listFixtures('oasis-spec'))('accepts %s without warnings', (file) => {
      const { warnings } = accepted(parseCapAlert(readFixture(`oasis-spec/${file}`)));
      expect(warnings).toEqual([]);
    });

    it('converts the thunderstorm polygon from "lat,lon" to closed [lng, lat] rings', () => {
      const { alert } = accepted(
        parseCapAlert(readFixture('oasis-spec/A2_severe_thunderstorm_KSTO1055887203.xml')),
      );
      const ring = alert.infos[0]?.areas[0]?.polygons[0];
      expect(ring?.[0]).toEqual([-120.14, 38.47]);
      expect(ring?.at(-1)).toEqual([-120.14, 38.47]);
      expect(ring).toHaveLength(5);
      expect(alert.infos[0]?.areas[0]?.geocodes.map((g) => g.value)).toEqual([
        '006109',
        '006009',
        '006003',
      ]);
    });

    it('normalises the sent and expires times of the thunderstorm warning to UTC', () => {
      const { alert } = accepted(
        parseCapAlert(readFixture('oasis-spec/A2_severe_thunderstorm_KSTO1055887203.xml')),
      );
      expect(alert.sent).toBe('2003-06-17T21:57:00.000Z');
      expect(alert.infos[0]?.expires).toBe('2003-06-17T23:00:00.000Z');
      expect(alert.infos[0]?.responseTypes).toEqual(['Shelter']);
    });

    it('reads the earthquake update with its reference, circle and string parameters', () => {
      const { alert } = accepted(
        parseCapAlert(readFixture('oasis-spec/A3_earthquake_update_TRI13970876.2.xml')),
      );
      expect(alert.msgType).toBe('Update');
      expect(alert.references).toEqual([
        {
          sender: 'trinet@caltech.edu',
          identifier: 'TRI13970876.1',
          sent: '2003-06-12T03:30:00.000Z',
        },
      ]);
      expect(alert.infos[0]?.areas[0]?.circles).toEqual([
        { center: [-115.5527, 32.9525], radiusKm: 0 },
      ]);
      expect(alert.infos[0]?.parameters[0]).toEqual({ valueName: 'EventID', value: '13970876' });
    });

    it('reads both languages of the multilingual AMBER alert', () => {
      const { alert } = accepted(
        parseCapAlert(readFixture('oasis-spec/A4_amber_alert_multilingual_KAR0-0306112239-SW.xml')),
      );
      expect(alert.infos.map((info) => info.language)).toEqual(['en-US', 'es-US']);
      expect(alert.infos[1]?.event).toBe('Abducción de Niño');
      expect(alert.source).toBe('SW');
    });
  });

  describe.skipIf(!hasFixtures)('with real-world alerts', () => {
    // Every file of real/ is XSD-valid per SOURCES.md §1b; the CAP 1.1 ones carry a warning.
    const REAL: [file: string, version: '1.1' | '1.2', infos: number][] = [
      ['amber_alert_cap11_validator_example.xml', '1.1', 1],
      ['australia_bom_thunderstorm_2019.xml', '1.2', 1],
      ['australia_nsw_rfs_bushfire_cap-au.xml', '1.2', 2],
      ['canada_ec_thunderstorm_cap-cp.xml', '1.2', 2],
      ['canada_naads_wind_warning_2019.xml', '1.2', 2],
      ['iceland_imo_wind_2021.xml', '1.2', 2],
      ['ipaws_athoc_cancel_signed_no_info.xml', '1.2', 0],
      ['mexico_smn_tropical_cyclone_es.xml', '1.2', 1],
      ['minimal_no_info_cap11.xml', '1.1', 0],
      ['noaa_wcatwc_tsunami_update.xml', '1.2', 1],
      ['nws_flash_flood_watch_cap11.xml', '1.1', 1],
      ['nws_ipaws_multiple_polygons_2020.xml', '1.2', 1],
      ['philippines_pagasa_typhoon_test.xml', '1.2', 1],
      ['taiwan_wra_reservoir_zh-tw_bom.xml', '1.2', 1],
      ['usgs_earthquake_cap11.xml', '1.1', 1],
      ['usgs_earthquake_iso8859-1.xml', '1.2', 1],
    ];

    it('has an expectation for every file in real/', () => {
      expect(REAL.map(([file]) => file).sort()).toEqual(listFixtures('real'));
    });

    it.each(REAL)('accepts %s (CAP %s) with %i info blocks', (file, version, infos) => {
      const { alert, warnings } = accepted(parseCapAlert(readFixture(`real/${file}`)));
      expect(alert.infos).toHaveLength(infos);
      const versionWarnings = warnings.filter((warning) => warning.includes('CAP 1.1'));
      expect(versionWarnings).toHaveLength(version === '1.1' ? 1 : 0);
    });

    it('accepts the Taiwan alert that starts with a UTF-8 byte order mark', () => {
      const raw = fs.readFileSync(
        path.join(FIXTURES, 'real/taiwan_wra_reservoir_zh-tw_bom.xml'),
        'utf8',
      );
      expect(raw.charCodeAt(0)).toBe(0xfeff);
      const { alert } = accepted(parseCapAlert(raw));
      expect(alert.infos[0]?.event).toBe('水庫洩洪');
      expect(alert.infos[0]?.language).toBe('zh-tw');
      expect(alert.infos[0]?.areas[0]?.geocodes).toEqual([
        { valueName: 'Taiwan_Geocode_100', value: '1000512' },
      ]);
    });

    it('reads the ISO-8859-1 USGS alert once its bytes are decoded by their declaration', () => {
      const { alert } = accepted(parseCapAlert(readFixture('real/usgs_earthquake_iso8859-1.xml')));
      expect(alert.infos[0]?.headline).toContain('Usulután');
    });

    it('reads cap:-prefixed elements of the Australian BoM warning', () => {
      const { alert } = accepted(
        parseCapAlert(readFixture('real/australia_bom_thunderstorm_2019.xml')),
      );
      expect(alert.identifier).toBe('AusBoM-IDN21033-2019-01-16T03:15:58+00:00');
      expect(alert.infos[0]?.areas[0]?.geocodes).toHaveLength(7);
    });

    it('reads both polygons of one NWS area and all eight references', () => {
      const { alert } = accepted(
        parseCapAlert(readFixture('real/nws_ipaws_multiple_polygons_2020.xml')),
      );
      expect(alert.infos[0]?.areas[0]?.polygons).toHaveLength(2);
      expect(alert.infos[0]?.areas[0]?.polygons[0]?.[0]).toEqual([-92.619, 30.094]);
      expect(alert.references).toHaveLength(8);
    });

    it('reads the polygon the Mexican alert spreads over several lines', () => {
      const { alert } = accepted(
        parseCapAlert(readFixture('real/mexico_smn_tropical_cyclone_es.xml')),
      );
      const ring = alert.infos[0]?.areas[0]?.polygons[0];
      expect(ring?.[0]).toEqual([-91.53354417288199, 18.889628180617784]);
    });

    it('reads a signed Cancel that has no info block', () => {
      const { alert } = accepted(
        parseCapAlert(readFixture('real/ipaws_athoc_cancel_signed_no_info.xml')),
      );
      expect(alert.msgType).toBe('Cancel');
      expect(alert.references).toEqual([
        {
          sender: 'AtHoc',
          identifier: '1017033100951096-517189320160225203219800',
          sent: '2016-02-25T20:32:19.000Z',
        },
      ]);
    });

    it('keeps the status of the PAGASA test message', () => {
      const { alert } = accepted(
        parseCapAlert(readFixture('real/philippines_pagasa_typhoon_test.xml')),
      );
      expect(alert.status).toBe('Test');
    });
  });

  describe.skipIf(!hasFixtures)('with the invalid and adversarial alerts', () => {
    // The .atom/.rss files of invalid/ are feeds: parse-feed.test.ts covers them.
    const INVALID: [file: string, reasons: RegExp[]][] = [
      ['canada_empty_references.xml', [/<references> is empty/]],
      ['missing_scope.xml', [/required <scope> is missing/]],
      [
        'noaa_flood_empty_fields.xml',
        [
          /<references> is empty/,
          /required <urgency> is empty/,
          /required <severity> is empty/,
          /required <certainty> is empty/,
          /pair 7 "\+40\.85,-118\.09," is not "lat,lon"/,
          /polygon\[1\]: polygon is empty/,
        ],
      ],
      [
        'wrong_namespace_taiwan.xml',
        [/unsupported namespace "urn:oasis:names:tc:emergency:alerts:1\.2"/],
      ],
      ['xxe_attack.xml', [/DOCTYPE declaration: refused/]],
    ];

    it('has an expectation for every alert file in invalid/', () => {
      expect(INVALID.map(([file]) => file).sort()).toEqual(
        listFixtures('invalid').filter((file) => file.endsWith('.xml')),
      );
    });

    it.each(INVALID)('refuses %s and names the problem', (file, reasons) => {
      const result = parseCapAlert(readFixture(`invalid/${file}`));
      expect(result.ok).toBe(false);
      for (const reason of reasons) expect(errorsOf(result)).toMatch(reason);
    });
  });

  describe('with built messages', () => {
    it('accepts the factory alert', () => {
      const { alert, warnings } = accepted(parseCapAlert(capXml()));
      expect(alert.identifier).toBe('KSTO1055887203');
      expect(warnings).toEqual([]);
    });

    it.each<[string, Partial<AlertParts>, RegExp]>([
      ['a missing identifier', { head: { identifier: null } }, /required <identifier> is missing/],
      [
        'an identifier with a space',
        { head: { identifier: 'A 1' } },
        /<identifier> "A 1" must not contain/,
      ],
      [
        'an identifier with a comma',
        { head: { identifier: 'A,1' } },
        /<identifier> "A,1" must not contain/,
      ],
      [
        'a sender with an ampersand',
        { head: { sender: 'a&amp;b' } },
        /<sender> "a&b" must not contain/,
      ],
      ['a sender with a "<"', { head: { sender: 'a&lt;b' } }, /<sender> "a<b" must not contain/],
      [
        'a sent time without offset',
        { head: { sent: '2003-06-17T14:57:00' } },
        /<sent> .* timezone offset/,
      ],
      [
        'a sent time in "Z" form',
        { head: { sent: '2003-06-17T14:57:00Z' } },
        /<sent> .* timezone offset/,
      ],
      ['an impossible sent date', { head: { sent: '2003-02-30T14:57:00-07:00' } }, /<sent>/],
      ['an unknown status', { head: { status: 'Live' } }, /<status> "Live" is not one of/],
      ['a missing msgType', { head: { msgType: null } }, /required <msgType> is missing/],
      ['an unknown scope', { head: { scope: 'Everyone' } }, /<scope> "Everyone" is not one of/],
      [
        'a Restricted scope without restriction',
        { head: { scope: 'Restricted' } },
        /"Restricted" needs a non-empty <restriction>/,
      ],
      [
        'a Private scope without addresses',
        { head: { scope: 'Private' } },
        /"Private" needs a non-empty <addresses>/,
      ],
      [
        'an empty references element',
        { head: { msgType: 'Update', references: '' } },
        /<references> is empty/,
      ],
      [
        'a references entry that is not a triple',
        { head: { msgType: 'Update', references: 'a,b' } },
        /entry 1 "a,b" is not "sender,identifier,sent"/,
      ],
      [
        'a references entry with a bad time',
        { head: { msgType: 'Update', references: 'a,b,yesterday' } },
        /not a CAP date-time/,
      ],
      [
        'a repeated identifier',
        { extra: '<identifier>again</identifier>' },
        /<identifier> must appear at most once, found 2/,
      ],
      [
        'an unknown category',
        { info: { category: 'Weather' } },
        /<category> "Weather" is not one of/,
      ],
      [
        'a missing category',
        { info: { category: null } },
        /info\[0\]: required <category> is missing/,
      ],
      ['an empty event', { info: { event: '' } }, /info\[0\]: required <event> is empty/],
      ['an unknown responseType', { info: { responseType: 'Run' } }, /<responseType> "Run"/],
      ['a missing urgency', { info: { urgency: null } }, /required <urgency> is missing/],
      ['an unknown severity', { info: { severity: 'Huge' } }, /<severity> "Huge" is not one of/],
      [
        'an unknown certainty',
        { info: { certainty: 'Maybe' } },
        /<certainty> "Maybe" is not one of/,
      ],
      [
        'an expires time without offset',
        { info: { expires: '2003-06-17' } },
        /<expires> "2003-06-17"/,
      ],
      [
        'an invalid language tag',
        { info: { language: 'english language' } },
        /<language> "english language"/,
      ],
      [
        'a missing areaDesc',
        { area: '<polygon>1,1 1,2 2,2 1,1</polygon>' },
        /area\[0\]: required <areaDesc> is missing/,
      ],
      [
        'a polygon of three pairs',
        { area: '<areaDesc>x</areaDesc><polygon>1,1 1,2 1,1</polygon>' },
        /3 pairs, at least 4/,
      ],
      [
        'an open polygon',
        { area: '<areaDesc>x</areaDesc><polygon>1,1 1,2 2,2 2,1</polygon>' },
        /not closed/,
      ],
      [
        'a latitude out of range',
        { area: '<areaDesc>x</areaDesc><polygon>91,1 1,2 2,2 91,1</polygon>' },
        /latitude 91 is out of range/,
      ],
      [
        'a longitude out of range',
        { area: '<areaDesc>x</areaDesc><polygon>1,181 1,2 2,2 1,181</polygon>' },
        /longitude 181 is out of range/,
      ],
      [
        'a pair with a trailing comma',
        { area: '<areaDesc>x</areaDesc><polygon>1,1 1,2, 2,2 1,1</polygon>' },
        /pair 2 "1,2," is not "lat,lon"/,
      ],
      [
        'a pair with trailing garbage',
        { area: '<areaDesc>x</areaDesc><polygon>1,1 1,2x 2,2 1,1</polygon>' },
        /pair 2 "1,2x"/,
      ],
      [
        'a pair in exponent notation',
        { area: '<areaDesc>x</areaDesc><polygon>1,1 1e1,2 2,2 1,1</polygon>' },
        /pair 2 "1e1,2"/,
      ],
      [
        'a circle without radius',
        { area: '<areaDesc>x</areaDesc><circle>1,1</circle>' },
        /circle\[0\]: circle "1,1" is not "lat,lon radius"/,
      ],
      [
        'a circle with a negative radius',
        { area: '<areaDesc>x</areaDesc><circle>1,1 -3</circle>' },
        /circle radius "-3"/,
      ],
      [
        'a ceiling without altitude',
        { area: '<areaDesc>x</areaDesc><ceiling>100</ceiling>' },
        /<ceiling> is only allowed together with <altitude>/,
      ],
      [
        'a non-numeric altitude',
        { area: '<areaDesc>x</areaDesc><altitude>high</altitude>' },
        /<altitude> "high" is not a decimal/,
      ],
      [
        'a geocode without value',
        { area: '<areaDesc>x</areaDesc><geocode><valueName>SAME</valueName></geocode>' },
        /geocode\[0\]: required <value> is missing/,
      ],
      [
        'a resource without mimeType',
        { info: { resource: '<resourceDesc>map</resourceDesc>' } },
        /resource\[0\]: required <mimeType> is missing/,
      ],
      [
        'a CAP 1.0 namespace',
        { ns: 'http://www.incident.com/cap/1.0' },
        /unsupported namespace "http:\/\/www\.incident\.com\/cap\/1\.0"/,
      ],
      ['no namespace', { ns: '' }, /unsupported namespace "\(none\)"/],
    ])('refuses %s', (_case, overrides, reason) => {
      expect(errorsOf(parseCapAlert(capXml(overrides)))).toMatch(reason);
    });

    it.each<[string, string, RegExp]>([
      ['a DOCTYPE', '<!DOCTYPE alert>\n<alert/>', /DOCTYPE declaration: refused/],
      ['an ENTITY declaration', '<!ENTITY x "y"><alert/>', /ENTITY declaration: refused/],
      [
        'a billion-laughs document',
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><alert>&lol2;</alert>',
        /DOCTYPE declaration: refused/,
      ],
      [
        'an undefined entity reference',
        capXml({ info: { headline: 'x &xxe; y' } }),
        /undefined entity reference &xxe;/,
      ],
      [
        'an HTML entity',
        capXml({ info: { headline: 'a&nbsp;b' } }),
        /undefined entity reference &nbsp;/,
      ],
      [
        'a NUL character reference',
        capXml({ info: { headline: 'a&#0;b' } }),
        /invalid character reference &#0;/,
      ],
      ['malformed XML', '<alert><identifier>x</alert>', /malformed XML at line 1/],
      ['two root elements', `${capXml()}<alert/>`, /exactly one root element, found 2/],
      ['an empty document', '   ', /document is empty/],
      [
        'a root that is not an alert',
        '<feed xmlns="http://www.w3.org/2005/Atom"/>',
        /root element is <feed>, not a CAP <alert>/,
      ],
      ['an undeclared prefix', '<cap:alert/>', /undeclared namespace prefix 'cap'/],
      [
        'elements nested too deep',
        `${'<a>'.repeat(70)}${'</a>'.repeat(70)}`,
        /could not be parsed: Maximum nested tags/,
      ],
      [
        'a message over 1 MB',
        capXml({ info: { description: 'x'.repeat(1024 * 1024) } }),
        /larger than 1048576 bytes/,
      ],
    ])('refuses %s', (_case, xml, reason) => {
      expect(errorsOf(parseCapAlert(xml))).toMatch(reason);
    });

    it('lists every problem of a message rather than only the first', () => {
      const result = parseCapAlert(
        capXml({
          head: { identifier: null, status: 'Live', scope: 'Restricted' },
          info: { urgency: 'Soon', category: 'Weather' },
          area: '<polygon>1,1</polygon>',
        }),
      );
      expect(result.ok).toBe(false);
      expect(result.ok ? [] : result.errors).toEqual([
        'alert: required <identifier> is missing',
        'alert: <status> "Live" is not one of Actual, Exercise, System, Test, Draft',
        'alert: scope "Restricted" needs a non-empty <restriction>',
        'info[0]: <category> "Weather" is not one of Geo, Met, Safety, Security, Rescue, Fire, Health, Env, Transport, Infra, CBRNE, Other',
        'info[0]: <urgency> "Soon" is not one of Immediate, Expected, Future, Past, Unknown',
        'info[0].area[0]: required <areaDesc> is missing',
        'info[0].area[0]: polygon[0]: polygon has 1 pairs, at least 4 are needed',
      ]);
    });

    it('keeps identifiers and values that look like numbers as strings', () => {
      const { alert } = accepted(
        parseCapAlert(
          capXml({
            head: { identifier: '0123' },
            info: { parameter: '<valueName>Version</valueName><value>007</value>' },
          }),
        ),
      );
      expect(alert.identifier).toBe('0123');
      expect(alert.infos[0]?.parameters).toEqual([{ valueName: 'Version', value: '007' }]);
      expect(alert.infos[0]?.areas[0]?.geocodes[0]?.value).toBe('006109');
    });

    it('accepts a CAP 1.1 message with a warning', () => {
      const { warnings } = accepted(parseCapAlert(capXml({ ns: CAP_11_NAMESPACE })));
      expect(warnings).toEqual(['alert: CAP 1.1 namespace; read with the CAP 1.2 rules']);
    });

    it('reads a message whose elements carry a namespace prefix', () => {
      const xml = capXml()
        .replace(/<(\/?)(\w+)/g, '<$1cap:$2')
        .replace(`xmlns="${CAP_12_NAMESPACE}"`, `xmlns:cap="${CAP_12_NAMESPACE}"`);
      const { alert } = accepted(parseCapAlert(xml));
      expect(alert.infos[0]?.areas[0]?.areaDesc).toBe('Alpine County');
    });

    it('reads the CAP 1.0 certainty "Very Likely" as "Likely" with a warning', () => {
      const { alert, warnings } = accepted(
        parseCapAlert(capXml({ info: { certainty: 'Very Likely' } })),
      );
      expect(alert.infos[0]?.certainty).toBe('Likely');
      expect(warnings).toEqual(['info[0]: <certainty> "Very Likely" (CAP 1.0) read as "Likely"']);
    });

    it('defaults the info language to en-US', () => {
      const { alert } = accepted(parseCapAlert(capXml()));
      expect(alert.infos[0]?.language).toBe('en-US');
    });

    it('decodes the built-in entities and numeric character references', () => {
      const { alert } = accepted(
        parseCapAlert(
          capXml({ info: { headline: 'A &amp; B &lt;3 &#233;t&#xE9; &quot;x&apos;' } }),
        ),
      );
      expect(alert.infos[0]?.headline).toBe('A & B <3 été "x\'');
    });

    it('keeps CDATA text as written', () => {
      const { alert } = accepted(
        parseCapAlert(
          capXml({ info: { description: '<![CDATA[Use <b>care</b> & &amp; stay]]>' } }),
        ),
      );
      expect(alert.infos[0]?.description).toBe('Use <b>care</b> & &amp; stay');
    });

    it('accepts a message that starts with a byte order mark', () => {
      expect(parseCapAlert(`\uFEFF${capXml()}`).ok).toBe(true);
    });

    it('ignores an XML signature and warns about unknown CAP elements', () => {
      const { warnings } = accepted(
        parseCapAlert(
          capXml({
            extra:
              '<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo/></Signature><colour>red</colour>',
          }),
        ),
      );
      expect(warnings).toEqual(['alert: unknown element <colour> ignored']);
    });

    it('warns when an Update does not say what it replaces', () => {
      const { warnings } = accepted(parseCapAlert(capXml({ head: { msgType: 'Update' } })));
      expect(warnings).toEqual([
        'alert: Update without <references>: the message it replaces is unknown',
      ]);
    });

    it('splits incidents on spaces and keeps quoted names whole', () => {
      const { alert } = accepted(
        parseCapAlert(capXml({ head: { incidents: 'fire-12 "Big Creek" 77' } })),
      );
      expect(alert.incidents).toEqual(['fire-12', 'Big Creek', '77']);
    });

    it('treats empty optional elements as absent', () => {
      const { alert } = accepted(
        parseCapAlert(capXml({ head: { restriction: '', note: '' }, info: { contact: '' } })),
      );
      expect(alert.restriction).toBeUndefined();
      expect(alert.note).toBeUndefined();
      expect(alert.infos[0]?.contact).toBeUndefined();
    });

    it('reads circles, altitude and ceiling of an area', () => {
      const { alert } = accepted(
        parseCapAlert(
          capXml({
            area: '<areaDesc>Sài Gòn</areaDesc><circle>10.7769,106.7009 5.5</circle><altitude>0</altitude><ceiling>1500.5</ceiling>',
          }),
        ),
      );
      expect(alert.infos[0]?.areas[0]).toEqual({
        areaDesc: 'Sài Gòn',
        polygons: [],
        circles: [{ center: [106.7009, 10.7769], radiusKm: 5.5 }],
        geocodes: [],
        altitude: 0,
        ceiling: 1500.5,
      });
    });
  });

  describe('as a total function', () => {
    const isWellFormedResult = (result: CapParseResult): boolean =>
      result.ok
        ? typeof result.alert.identifier === 'string' && Array.isArray(result.warnings)
        : result.errors.length > 0 && result.errors.every((error) => typeof error === 'string');

    it('never throws on arbitrary strings', () => {
      fc.assert(
        fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' })), (text) => {
          expect(isWellFormedResult(parseCapAlert(text))).toBe(true);
        }),
        { numRuns: 500 },
      );
    });

    it('never throws on random deletions and insertions in a valid message', () => {
      const valid = capXml({
        head: { msgType: 'Update', references: 'a@b,X1,2003-06-17T14:57:00-07:00' },
        area: '<areaDesc>x</areaDesc><polygon>1,1 1,2 2,2 1,1</polygon><circle>1,1 2</circle>',
      });
      const insertion = fc.oneof(
        fc.string({ maxLength: 8 }),
        fc.constantFrom(
          '<',
          '>',
          '&',
          '&amp;',
          '&#0;',
          '"',
          '/',
          ' ',
          ',',
          '<!DOCTYPE x>',
          '<!ENTITY y "z">',
          '<![CDATA[',
          ']]>',
          '<info>',
          '</info>',
          '<area>',
          '<polygon>',
          'xmlns="urn:x"',
          'cap:',
        ),
      );
      const edit = fc.record({
        at: fc.nat({ max: valid.length }),
        remove: fc.nat({ max: 12 }),
        insert: insertion,
      });
      fc.assert(
        fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => {
          let text = valid;
          for (const { at, remove, insert } of edits) {
            const position = Math.min(at, text.length);
            text = text.slice(0, position) + insert + text.slice(position + remove);
          }
          expect(isWellFormedResult(parseCapAlert(text))).toBe(true);
        }),
        { numRuns: 1000 },
      );
    });
  });
});

describe('parseCapPolygon', () => {
  // Integers scaled to 4 decimals print without exponent; "+ 0" turns -0 into 0.
  const coordinate = (max: number) =>
    fc.integer({ min: -max * 10_000, max: max * 10_000 }).map((n) => n / 10_000 + 0);
  const ringArbitrary = fc
    .array(fc.tuple(coordinate(180), coordinate(90)), { minLength: 3, maxLength: 40 })
    .map((points): LngLat[] => {
      const first = points[0] as LngLat;
      return [...points, [first[0], first[1]]];
    });

  it('round-trips any closed ring through CAP text', () => {
    fc.assert(
      fc.property(ringArbitrary, (ring) => {
        const parsed = parseCapPolygon(formatCapPolygon(ring));
        expect(parsed).toEqual({ ok: true, value: ring });
      }),
    );
  });

  it('round-trips any closed ring through a whole CAP message', () => {
    fc.assert(
      fc.property(ringArbitrary, (ring) => {
        const xml = capXml({
          area: `<areaDesc>x</areaDesc><polygon>${formatCapPolygon(ring)}</polygon>`,
        });
        const { alert } = accepted(parseCapAlert(xml));
        expect(alert.infos[0]?.areas[0]?.polygons).toEqual([ring]);
      }),
      { numRuns: 100 },
    );
  });

  it('writes CAP text latitude first', () => {
    expect(
      formatCapPolygon([
        [106.7, 10.77],
        [106.8, 10.8],
        [106.7, 10.8],
        [106.7, 10.77],
      ]),
    ).toBe('10.77,106.7 10.8,106.8 10.8,106.7 10.77,106.7');
  });
});
