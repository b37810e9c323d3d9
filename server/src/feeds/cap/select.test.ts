import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CapAlert, CapArea, CapInfo, CapStatus, LngLat } from './parse';
import { parseCapAlert } from './parse';
import {
  CIRCLE_SEGMENTS,
  capAreaToGeometry,
  capIdentityKey,
  circleToRing,
  isLiveStatus,
  referencedKeys,
  selectInfo,
} from './select';

const FIXTURES = fileURLToPath(new URL('../../../../../shared/fixtures/cap/', import.meta.url));
const hasFixtures = fs.existsSync(FIXTURES);
if (!hasFixtures) console.warn(`CAP selection fixture tests SKIPPED: ${FIXTURES} is absent`);

const fixtureAlert = (relative: string): CapAlert => {
  const result = parseCapAlert(fs.readFileSync(path.join(FIXTURES, relative), 'utf8'));
  if (!result.ok) throw new Error(`${relative}: ${result.errors.join(' | ')}`);
  return result.alert;
};

const area = (overrides: Partial<CapArea> = {}): CapArea => ({
  areaDesc: 'Phường Sài Gòn',
  polygons: [],
  circles: [],
  geocodes: [],
  ...overrides,
});

const info = (overrides: Partial<CapInfo> = {}): CapInfo => ({
  language: 'en-US',
  categories: ['Met'],
  event: 'Flood',
  responseTypes: [],
  urgency: 'Expected',
  severity: 'Severe',
  certainty: 'Likely',
  parameters: [],
  areas: [],
  ...overrides,
});

const alert = (overrides: Partial<CapAlert> = {}): CapAlert => ({
  identifier: 'HCMC-2025-0001',
  sender: 'ioc@hochiminhcity.gov.vn',
  sent: '2025-09-01T03:00:00.000Z',
  status: 'Actual',
  msgType: 'Alert',
  scope: 'Public',
  references: [],
  incidents: [],
  infos: [],
  ...overrides,
});

const withLanguages = (...languages: string[]): CapAlert =>
  alert({ infos: languages.map((language) => info({ language })) });

/** Great-circle distance in km (haversine), to check circle rings independently. */
const distanceKm = ([lng1, lat1]: LngLat, [lng2, lat2]: LngLat): number => {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lng2 - lng1) * rad) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(a));
};

describe('selectInfo', () => {
  it.each<[string, string[], string[] | undefined, string | undefined]>([
    ['prefers Vietnamese by default', ['en-US', 'vi-VN'], undefined, 'vi-VN'],
    ['matches a bare "vi" exactly', ['en-US', 'vi'], undefined, 'vi'],
    ['falls back to en-US when there is no Vietnamese', ['fr-CA', 'en-US'], undefined, 'en-US'],
    ['matches English by primary subtag', ['fr-CA', 'en-CA'], undefined, 'en-CA'],
    ['matches case-insensitively', ['EN-us', 'fr'], ['en-US'], 'EN-us'],
    [
      'prefers any exact match over a prefix match of an earlier preference',
      ['vi-Latn', 'en-US'],
      ['vi', 'en-US'],
      'en-US',
    ],
    ['uses a prefix match when nothing matches exactly', ['es-MX', 'fr-FR'], ['fr-CA'], 'fr-FR'],
    ['takes the first block when no language matches', ['is-IS', 'sv-SE'], undefined, 'is-IS'],
    ['returns nothing for an alert without info', [], undefined, undefined],
  ])('%s', (_case, languages, preferred, expected) => {
    expect(selectInfo(withLanguages(...languages), preferred)?.language).toBe(expected);
  });

  describe.skipIf(!hasFixtures)('with the multilingual fixtures', () => {
    const AMBER = 'oasis-spec/A4_amber_alert_multilingual_KAR0-0306112239-SW.xml';

    it('picks the Spanish block of the AMBER alert for an es-US reader', () => {
      expect(selectInfo(fixtureAlert(AMBER), ['es-US'])?.event).toBe('Abducción de Niño');
    });

    it('picks the English block of the AMBER alert by default', () => {
      expect(selectInfo(fixtureAlert(AMBER))?.event).toBe('Child Abduction');
    });

    it('picks the English block of the French-first Canadian warning by default', () => {
      const picked = selectInfo(fixtureAlert('real/canada_naads_wind_warning_2019.xml'));
      expect(picked?.language).toBe('en-CA');
    });
  });
});

describe('isLiveStatus', () => {
  it.each<[CapStatus, boolean]>([
    ['Actual', true],
    ['Exercise', false],
    ['System', false],
    ['Test', false],
    ['Draft', false],
  ])('treats %s as live: %s', (status, expected) => {
    expect(isLiveStatus(status)).toBe(expected);
  });
});

describe('capAreaToGeometry', () => {
  const square: LngLat[] = [
    [106.7, 10.77],
    [106.71, 10.77],
    [106.71, 10.78],
    [106.7, 10.78],
    [106.7, 10.77],
  ];

  it('returns null when no area has a polygon or circle', () => {
    expect(
      capAreaToGeometry(info({ areas: [area({ geocodes: [{ valueName: 'x', value: '1' }] })] })),
    ).toBeNull();
  });

  it('keeps polygons as MultiPolygon members in [lng, lat] order', () => {
    expect(capAreaToGeometry(info({ areas: [area({ polygons: [square] })] }))).toEqual({
      type: 'MultiPolygon',
      coordinates: [[square]],
    });
  });

  it('gathers the shapes of every area', () => {
    const geometry = capAreaToGeometry(
      info({
        areas: [
          area({ polygons: [square, square] }),
          area({ circles: [{ center: [106.7, 10.77], radiusKm: 2 }] }),
        ],
      }),
    );
    expect(geometry?.coordinates).toHaveLength(3);
  });

  it('leaves out circles of radius 0, which mark a point', () => {
    const geometry = capAreaToGeometry(
      info({ areas: [area({ circles: [{ center: [106.7, 10.77], radiusKm: 0 }] })] }),
    );
    expect(geometry).toBeNull();
  });

  it.each<[string, LngLat, number]>([
    ['at the equator', [0, 0], 10],
    ['over Ho Chi Minh City', [106.7009, 10.7769], 5],
    ['at high latitude', [-21.9, 64.1], 25],
  ])(
    'approximates a circle %s by a closed 32-sided ring of the right radius',
    (_case, center, radiusKm) => {
      const ring = circleToRing(center, radiusKm);
      expect(ring).toHaveLength(CIRCLE_SEGMENTS + 1);
      expect(ring[0]).toEqual(ring.at(-1));
      for (const point of ring) expect(distanceKm(center, point)).toBeCloseTo(radiusKm, 0);
    },
  );

  describe.skipIf(!hasFixtures)('with the fixtures', () => {
    it('turns the thunderstorm polygon into a one-member MultiPolygon', () => {
      const alertA2 = fixtureAlert('oasis-spec/A2_severe_thunderstorm_KSTO1055887203.xml');
      const geometry = capAreaToGeometry(alertA2.infos[0] ?? info());
      expect(geometry?.coordinates[0]?.[0]?.[0]).toEqual([-120.14, 38.47]);
    });

    it('turns the bushfire circle into a ring around its centre', () => {
      const bushfire = fixtureAlert('real/australia_nsw_rfs_bushfire_cap-au.xml');
      const ring = capAreaToGeometry(bushfire.infos[0] ?? info())?.coordinates[0]?.[0] ?? [];
      expect(ring).toHaveLength(CIRCLE_SEGMENTS + 1);
      expect(distanceKm([147.0598, -35.3888], ring[5] as LngLat)).toBeCloseTo(25, 0);
    });
  });
});

describe('capIdentityKey', () => {
  it('joins sender, identifier and UTC sent time', () => {
    expect(capIdentityKey(alert())).toBe(
      'ioc@hochiminhcity.gov.vn|HCMC-2025-0001|2025-09-01T03:00:00.000Z',
    );
  });

  it('gives the same key to the same instant written with different offsets', () => {
    const xml = (sent: string) =>
      `<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>a</identifier><sender>s</sender><sent>${sent}</sent><status>Actual</status><msgType>Alert</msgType><scope>Public</scope></alert>`;
    const keys = [
      '2025-09-01T10:00:00+07:00',
      '2025-09-01T03:00:00-00:00',
      '2025-09-01T03:00:00+00:00',
    ].map((sent) => {
      const result = parseCapAlert(xml(sent));
      return result.ok ? capIdentityKey(result.alert) : result.errors.join();
    });
    expect(new Set(keys)).toEqual(new Set(['s|a|2025-09-01T03:00:00.000Z']));
  });
});

describe('referencedKeys', () => {
  it('returns nothing for an alert without references', () => {
    expect(referencedKeys(alert())).toEqual([]);
  });

  it('returns the identity key of each referenced message in order', () => {
    const update = alert({
      msgType: 'Update',
      references: [
        { sender: 's', identifier: 'a', sent: '2025-09-01T03:00:00.000Z' },
        { sender: 's', identifier: 'b', sent: '2025-09-01T04:00:00.000Z' },
      ],
    });
    expect(referencedKeys(update)).toEqual([
      's|a|2025-09-01T03:00:00.000Z',
      's|b|2025-09-01T04:00:00.000Z',
    ]);
  });

  it('lets an update find the message it replaces by identity key', () => {
    const original = alert();
    const update = alert({
      identifier: 'HCMC-2025-0002',
      sent: '2025-09-01T04:00:00.000Z',
      msgType: 'Update',
      references: [
        { sender: original.sender, identifier: original.identifier, sent: original.sent },
      ],
    });
    expect(referencedKeys(update)).toContain(capIdentityKey(original));
  });

  describe.skipIf(!hasFixtures)('with the fixtures', () => {
    it('reads the key of the earthquake report the OASIS update replaces', () => {
      const update = fixtureAlert('oasis-spec/A3_earthquake_update_TRI13970876.2.xml');
      expect(referencedKeys(update)).toEqual([
        'trinet@caltech.edu|TRI13970876.1|2003-06-12T03:30:00.000Z',
      ]);
    });
  });
});
