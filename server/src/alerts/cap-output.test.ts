import { type Alert, AlertSchema } from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import { type CapAlert, type CapInfo, parseCapAlert } from '../feeds/cap/parse';
import { parseCapFeed } from '../feeds/cap/parse-feed';
import {
  alertsToCapAtom,
  CAP_HEADLINE_MAX,
  CAP_OUTPUT_FEED_TITLE,
  CAP_OUTPUT_MAX_ENTRIES,
  CAP_OUTPUT_RESTRICTION,
  type CapOutputOptions,
  capIdentifierOf,
  capPolygonsOf,
  capToken,
} from './cap-output';

const NOW = new Date('2025-09-01T05:00:00.000Z');
const HOUR = 3_600_000;
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();

/** An alert with the schema's defaults filled in, so fields added later need no change here. */
const alert = (o: Record<string, unknown> = {}): Alert =>
  AlertSchema.parse({
    id: 'a-0001',
    key: 'rule:water-high|site:wl-01',
    ruleId: 'rule:water-high',
    departmentId: 'dept:TNMT',
    indicatorId: 'water.level_cm',
    subjectId: 'site:wl-01',
    areaId: null,
    position: [106.7, 10.76],
    geometry: null,
    source: 'rule',
    severity: 'Severe',
    status: 'open',
    title: { vi: 'Mực nước vượt báo động · Trạm Phú An', en: 'Water above alarm level · Phú An' },
    value: 175,
    threshold: 160,
    occurrences: 1,
    firstAt: ago(2 * HOUR),
    lastAt: ago(HOUR),
    resolvedAt: null,
    updatedAt: ago(2 * HOUR),
    version: 1,
    ...o,
  });

const DEPARTMENTS: CapOutputOptions['departments'] = new Map([
  [
    'dept:TNMT',
    {
      vi: 'Sở Tài nguyên và Môi trường',
      en: 'Department of Natural Resources and Environment',
      code: 'TNMT',
    },
  ],
  ['dept:GTVT', { vi: 'Sở Giao thông vận tải', en: 'Department of Transport', code: 'GTVT' }],
  ['dept:YTE', { vi: 'Sở Y tế', en: 'Department of Health', code: 'YTE' }],
  ['dept:ANM', { vi: 'Phòng An ninh mạng', code: 'ANM' }],
  ['dept:NOIVU', { vi: 'Sở Nội vụ', en: 'Department of Home Affairs', code: 'NOIVU' }],
  // No code: the category comes from the id after its last ':'.
  ['ioc:dept:gtvt', { vi: 'Giao thông (mã cũ)' }],
]);

const OPTIONS: CapOutputOptions = {
  now: NOW,
  selfUrl: 'https://ioc.example.vn/api/cap/alerts.atom',
  sender: 'ioc@ioc.example.vn',
  departments: DEPARTMENTS,
};

const toAtom = (alerts: Alert[], options: Partial<CapOutputOptions> = {}) =>
  alertsToCapAtom(alerts, { ...OPTIONS, ...options });

/** Each embedded `<alert>` as a standalone document (they carry their own namespace). */
const rawAlerts = (xml: string): string[] =>
  xml.match(/<alert xmlns="urn:oasis:names:tc:emergency:cap:1\.2">[\s\S]*?<\/alert>/g) ?? [];

/**
 * The feed read back with our parsers: `parseCapFeed` must accept it without a warning, and
 * every embedded alert must also pass `parseCapAlert` on its own, without a warning.
 */
const readBack = (xml: string): CapAlert[] => {
  const feed = parseCapFeed(xml);
  if (!feed.ok) throw new Error(`feed refused: ${feed.errors.join(' | ')}`);
  expect(feed.format).toBe('atom');
  expect(feed.warnings).toEqual([]);
  const raw = rawAlerts(xml);
  expect(raw).toHaveLength(feed.entries.length);
  return raw.map((text, index) => {
    const result = parseCapAlert(text);
    if (!result.ok) throw new Error(`alert ${index} refused: ${result.errors.join(' | ')}`);
    expect(result.warnings).toEqual([]);
    expect(feed.entries[index]?.alert).toEqual(result.alert);
    return result.alert;
  });
};

const only = (alerts: Alert[], options: Partial<CapOutputOptions> = {}): CapAlert => {
  const [cap, ...rest] = readBack(toAtom(alerts, options));
  expect(rest).toEqual([]);
  if (!cap) throw new Error('no alert in the feed');
  return cap;
};

const infoOf = (cap: CapAlert, language: string): CapInfo => {
  const info = cap.infos.find((i) => i.language === language);
  if (!info) throw new Error(`no ${language} info`);
  return info;
};

const SQUARE = [
  [106.7, 10.7],
  [106.8, 10.7],
  [106.8, 10.8],
  [106.7, 10.8],
  [106.7, 10.7],
];

describe('capPolygonsOf', () => {
  it.each([
    {
      name: 'a closed ring, written lat,lon',
      geometry: { type: 'Polygon', coordinates: [SQUARE] },
      expected: ['10.7,106.7 10.7,106.8 10.8,106.8 10.8,106.7 10.7,106.7'],
    },
    {
      name: 'an open ring, closed by repeating its first point',
      geometry: { type: 'Polygon', coordinates: [SQUARE.slice(0, 4)] },
      expected: ['10.7,106.7 10.7,106.8 10.8,106.8 10.8,106.7 10.7,106.7'],
    },
    {
      name: 'a triangle (4 positions once closed)',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [106.7, 10.7],
            [106.8, 10.7],
            [106.75, 10.8],
          ],
        ],
      },
      expected: ['10.7,106.7 10.7,106.8 10.8,106.75 10.7,106.7'],
    },
    {
      name: 'each polygon of a MultiPolygon, outer rings only (CAP has no holes)',
      geometry: {
        type: 'MultiPolygon',
        coordinates: [
          [SQUARE, [...SQUARE].reverse()],
          [
            [
              [106.6, 10.9],
              [106.65, 10.9],
              [106.65, 10.95],
              [106.6, 10.9],
            ],
          ],
        ],
      },
      expected: [
        '10.7,106.7 10.7,106.8 10.8,106.8 10.8,106.7 10.7,106.7',
        '10.9,106.6 10.9,106.65 10.95,106.65 10.9,106.6',
      ],
    },
    {
      name: 'altitudes dropped, tiny values without an exponent, 6 decimals',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [106.1234567, 1e-7, 12],
            [106.2, 10.1, 12],
            [106.2, 10.2, 12],
            [106.1234567, 1e-7, 12],
          ],
        ],
      },
      expected: ['0,106.123457 10.1,106.2 10.2,106.2 0,106.123457'],
    },
    {
      name: 'a ring of two points (too few once closed) left out',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [106.7, 10.7],
            [106.8, 10.7],
          ],
        ],
      },
      expected: [],
    },
    {
      name: 'a ring with a position out of range left out',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [106.7, 10.7],
            [106.8, 95],
            [106.8, 10.8],
            [106.7, 10.7],
          ],
        ],
      },
      expected: [],
    },
    { name: 'no geometry', geometry: null, expected: [] },
  ])('$name', ({ geometry, expected }) => {
    expect(capPolygonsOf(geometry as Alert['geometry'])).toEqual(expected);
  });
});

describe('alertsToCapAtom', () => {
  it('is an Atom feed with id, title, updated, self link and one CAP alert per entry', () => {
    const xml = toAtom([alert()]);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">');
    expect(xml).toContain(`<title>${CAP_OUTPUT_FEED_TITLE}</title>`);
    expect(xml).toContain('<id>https://ioc.example.vn/api/cap/alerts.atom</id>');
    expect(xml).toContain(
      '<link rel="self" type="application/atom+xml" href="https://ioc.example.vn/api/cap/alerts.atom"/>',
    );
    expect(xml).toContain('<content type="application/cap+xml">');
    // The feed's updated is its newest entry's, so an unchanged feed reads the same.
    expect(xml).toContain(`<updated>${ago(2 * HOUR)}</updated>`);
    const feed = parseCapFeed(xml);
    expect(feed.ok && feed.entries.map((e) => e.id)).toEqual([
      'https://ioc.example.vn/api/cap/alerts.atom#a-0001-v1',
    ]);
  });

  it('is a valid empty feed updated now when there is no alert', () => {
    const xml = toAtom([]);
    expect(readBack(xml)).toEqual([]);
    expect(xml).toContain(`<updated>${NOW.toISOString()}</updated>`);
  });

  it('writes the CAP header: identifier, sender, +07:00 sent, Actual, Restricted', () => {
    const cap = only([alert({ updatedAt: '2025-09-01T03:04:05.678Z' })]);
    expect(cap).toMatchObject({
      identifier: 'a-0001-v1',
      sender: 'ioc@ioc.example.vn',
      sent: '2025-09-01T03:04:05.000Z',
      status: 'Actual',
      msgType: 'Alert',
      scope: 'Restricted',
      restriction: CAP_OUTPUT_RESTRICTION,
      references: [],
    });
    const xml = toAtom([alert({ updatedAt: '2025-09-01T03:04:05.678Z' })]);
    expect(xml).toContain('<sent>2025-09-01T10:04:05+07:00</sent>');
  });

  it('makes later versions Updates that reference the first version', () => {
    const first = only([alert()]);
    const third = only([alert({ version: 3, status: 'acknowledged', updatedAt: ago(HOUR) })]);
    expect(third.msgType).toBe('Update');
    expect(third.identifier).toBe('a-0001-v3');
    expect(third.references).toEqual([
      { sender: first.sender, identifier: first.identifier, sent: first.sent },
    ]);
  });

  it.each([
    { name: 'a plain id', id: 'a-0001', version: 1, expected: 'a-0001-v1' },
    { name: 'a UUID', id: '0b9e4c1e-5f0a-4f43-9d4e-2c1f0e7b9a10', version: 12, expected: null },
    { name: 'a prefixed id', id: 'cap:feed.kttv:42', version: 2, expected: 'cap:feed.kttv:42-v2' },
  ])('gives $name an identifier of CAP-safe characters', ({ id, version, expected }) => {
    const identifier = capIdentifierOf({ id, version });
    expect(identifier).toMatch(/^[A-Za-z0-9._:@-]+$/);
    expect(identifier).not.toMatch(/[\s,<&]/);
    if (expected) expect(identifier).toBe(expected);
    expect(only([alert({ id, version })]).identifier).toBe(identifier);
  });

  it.each([
    ['a b,c<d&e', 'a_b_c_d_e'],
    ['ioc@host.example', 'ioc@host.example'],
    ['', '_'],
  ])('makes %j the CAP token %j', (text, expected) => {
    expect(capToken(text)).toBe(expected);
  });

  it('keeps the sender valid even when handed forbidden characters', () => {
    expect(only([alert()], { sender: 'ioc@evil host,<&' }).sender).toBe('ioc@evil_host___');
  });

  it('writes a vi-VN and an en-US info, English falling back to the Vietnamese title', () => {
    const both = only([alert()]);
    expect(both.infos.map((i) => i.language)).toEqual(['vi-VN', 'en-US']);
    expect(infoOf(both, 'vi-VN')).toMatchObject({
      event: 'Mực nước vượt báo động · Trạm Phú An',
      headline: 'Mực nước vượt báo động · Trạm Phú An',
      senderName: 'Trung tâm điều hành đô thị thông minh TP.HCM',
      categories: ['Env'],
      urgency: 'Immediate',
      severity: 'Severe',
      certainty: 'Observed',
    });
    expect(infoOf(both, 'en-US')).toMatchObject({
      event: 'Water above alarm level · Phú An',
      headline: 'Water above alarm level · Phú An',
      categories: ['Env'],
    });
    expect(infoOf(both, 'vi-VN').description).toBe(
      'Giá trị: 175\nNgưỡng: 160\nĐơn vị: Sở Tài nguyên và Môi trường\nTrạng thái: đang mở',
    );
    expect(infoOf(both, 'en-US').description).toBe(
      'Value: 175\nThreshold: 160\nDepartment: Department of Natural Resources and Environment\nStatus: open',
    );

    const viOnly = only([alert({ title: { vi: 'Kẹt xe nghiêm trọng' }, value: null })]);
    expect(infoOf(viOnly, 'en-US')).toMatchObject({
      event: 'Kẹt xe nghiêm trọng',
      headline: 'Kẹt xe nghiêm trọng',
    });
    expect(infoOf(viOnly, 'en-US').description).not.toContain('Value');
  });

  it.each([
    { departmentId: 'dept:TNMT', category: 'Env' },
    { departmentId: 'dept:GTVT', category: 'Transport' },
    { departmentId: 'dept:YTE', category: 'Health' },
    { departmentId: 'dept:ANM', category: 'Security' },
    { departmentId: 'dept:NOIVU', category: 'Other' },
    { departmentId: 'ioc:dept:gtvt', category: 'Transport' },
    { departmentId: 'dept:UNKNOWN', category: 'Other' },
  ])('files $departmentId under $category', ({ departmentId, category }) => {
    const cap = only([alert({ departmentId })]);
    for (const info of cap.infos) expect(info.categories).toEqual([category]);
  });

  it.each([
    { status: 'open', urgency: 'Immediate' },
    { status: 'acknowledged', urgency: 'Expected' },
    { status: 'resolved', urgency: 'Expected' },
  ])('marks an $status alert $urgency', ({ status, urgency }) => {
    const resolvedAt = status === 'resolved' ? ago(HOUR) : null;
    const cap = only([alert({ status, resolvedAt, version: 2 })]);
    for (const info of cap.infos) expect(info.urgency).toBe(urgency);
  });

  it('escapes a hostile title and reads it back unchanged', () => {
    const hostile = `<script>alert("x")</script> & ]]> 'q' <![CDATA[ boom ]]>`;
    const xml = toAtom([alert({ title: { vi: hostile, en: hostile } })]);
    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain(']]>');
    expect(xml).not.toContain('<![CDATA[');
    expect(xml).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; ]]&gt;');
    const [cap] = readBack(xml);
    for (const info of cap?.infos ?? []) {
      expect(info.event).toBe(hostile);
      expect(info.headline).toBe(hostile);
    }
    expect(parseCapFeed(xml).ok && parseCapFeed(xml)).toMatchObject({
      entries: [{ title: hostile }],
    });
  });

  it('drops characters XML cannot carry', () => {
    const cap = only([alert({ title: { vi: 'Cảnh\u0000 báo\u0007 \uD800lỗi' } })]);
    expect(infoOf(cap, 'vi-VN').event).toBe('Cảnh báo \uFFFDlỗi');
  });

  it('cuts a long headline to 160 characters but keeps the whole event', () => {
    const long = 'Ngập sâu trên đường Nguyễn Hữu Cảnh '.repeat(10).trim();
    const info = infoOf(only([alert({ title: { vi: long } })]), 'vi-VN');
    expect(Array.from(info.headline ?? '')).toHaveLength(CAP_HEADLINE_MAX);
    expect(info.headline?.endsWith('…')).toBe(true);
    expect(info.event).toBe(long);
  });

  it.each([
    {
      name: 'a polygon geometry as a CAP polygon (and no circle)',
      o: { geometry: { type: 'Polygon', coordinates: [SQUARE] }, position: [106.75, 10.75] },
      polygons: [SQUARE],
      circles: [],
    },
    {
      name: 'a point as a 0.5 km circle, lat,lon',
      o: { position: [106.7, 10.76] },
      polygons: [],
      circles: [{ center: [106.7, 10.76], radiusKm: 0.5 }],
    },
    { name: 'neither: areaDesc only', o: { position: null }, polygons: [], circles: [] },
  ])('writes $name', ({ o, polygons, circles }) => {
    const cap = only([alert(o)]);
    for (const info of cap.infos) {
      expect(info.areas).toHaveLength(1);
      expect(info.areas[0]?.areaDesc).not.toBe('');
      expect(info.areas[0]?.polygons).toEqual(polygons);
      expect(info.areas[0]?.circles).toEqual(circles);
    }
  });

  it('writes the circle as "lat,lon 0.5"', () => {
    expect(toAtom([alert({ position: [106.7, 10.76] })])).toContain(
      '<circle>10.76,106.7 0.5</circle>',
    );
  });

  it('ends a resolved alert with expires = resolvedAt and drops it after 24 h', () => {
    const resolvedAt = '2025-09-01T04:30:00.000Z';
    const resolved = alert({ status: 'resolved', resolvedAt, updatedAt: resolvedAt, version: 4 });
    const cap = only([resolved]);
    expect(cap.msgType).toBe('Update');
    for (const info of cap.infos) {
      expect(info.expires).toBe(resolvedAt);
      expect(info.responseTypes).toEqual(['AllClear']);
    }
    expect(toAtom([resolved])).toContain('<expires>2025-09-01T11:30:00+07:00</expires>');
    // An active alert has no expiry.
    for (const info of only([alert()]).infos) expect(info.expires).toBeUndefined();

    const old = alert({
      id: 'old',
      status: 'resolved',
      resolvedAt: ago(25 * HOUR),
      updatedAt: ago(25 * HOUR),
      firstAt: ago(30 * HOUR),
      version: 2,
    });
    const staleOpen = alert({
      id: 'stale-open',
      firstAt: ago(90 * 24 * HOUR),
      updatedAt: ago(90 * 24 * HOUR),
    });
    const ids = readBack(toAtom([old, resolved, staleOpen])).map((c) => c.identifier);
    expect(ids).toEqual(['a-0001-v4', 'stale-open-v1']);
  });

  it('lists the newest version first, at most 500 entries', () => {
    const many = Array.from({ length: CAP_OUTPUT_MAX_ENTRIES + 20 }, (_, i) =>
      alert({ id: `a-${i}`, updatedAt: ago((i + 1) * 60_000), firstAt: ago(HOUR * 48) }),
    );
    const caps = readBack(toAtom([...many].reverse()));
    expect(caps).toHaveLength(CAP_OUTPUT_MAX_ENTRIES);
    expect(caps[0]?.identifier).toBe('a-0-v1');
    expect(caps.at(-1)?.identifier).toBe(`a-${CAP_OUTPUT_MAX_ENTRIES - 1}-v1`);
  });

  it('round-trips every alert through parseCapFeed and parseCapAlert', () => {
    const sources = [
      alert({
        id: 'poly',
        severity: 'Extreme',
        geometry: { type: 'Polygon', coordinates: [SQUARE] },
      }),
      alert({
        id: 'multi',
        severity: 'Moderate',
        source: 'cap',
        departmentId: 'dept:GTVT',
        geometry: {
          type: 'MultiPolygon',
          coordinates: [
            [SQUARE],
            [
              [
                [106.6, 10.9],
                [106.65, 10.9],
                [106.65, 10.95],
                [106.6, 10.9],
              ],
            ],
          ],
        },
        updatedAt: ago(30 * 60_000),
        version: 2,
      }),
      alert({ id: 'point', severity: 'Minor', status: 'acknowledged', version: 3 }),
      alert({ id: 'nowhere', position: null, title: { vi: 'Mất kết nối nguồn dữ liệu' } }),
      alert({
        id: 'ended',
        status: 'resolved',
        resolvedAt: ago(3 * HOUR),
        updatedAt: ago(3 * HOUR),
        version: 5,
      }),
    ];
    const caps = readBack(toAtom(sources));
    expect(caps).toHaveLength(sources.length);
    for (const cap of caps) {
      const source = sources.find((s) => cap.identifier === capIdentifierOf(s));
      if (!source) throw new Error(`unexpected ${cap.identifier}`);
      expect(cap.sent).toBe(source.updatedAt);
      const vi = infoOf(cap, 'vi-VN');
      const en = infoOf(cap, 'en-US');
      for (const info of [vi, en]) {
        expect(info.severity).toBe(source.severity);
        const [area, ...more] = info.areas;
        expect(more).toEqual([]);
        const rings =
          source.geometry === null
            ? []
            : source.geometry.type === 'Polygon'
              ? [source.geometry.coordinates[0]]
              : source.geometry.coordinates.map((p) => p[0]);
        expect(area?.polygons).toEqual(rings);
        expect(area?.circles).toEqual(
          source.geometry === null && source.position
            ? [{ center: source.position, radiusKm: 0.5 }]
            : [],
        );
      }
      expect(vi.headline).toBe(source.title.vi);
      expect(en.headline).toBe(source.title.en ?? source.title.vi);
    }
  });
});
