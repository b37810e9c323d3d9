import type { Alert, AlertStatus, LngLat } from '@city-ioc/shared';
import { type CapCategory, formatCapPolygon } from '../feeds/cap/parse';
import { capDateTime } from '../simulator/cap-warnings';
import { ATOM_NAMESPACE, CAP_NAMESPACE, xmlEscape } from '../simulator/cap-xml';

/**
 * The IOC's alerts as a CAP 1.2 "fat" Atom 1.0 feed: one entry per alert, each embedding the
 * alert's latest version as a full CAP message with a Vietnamese and an English `<info>`. Pure
 * string building like the simulator's CAP writer (`simulator/cap-xml.ts`, whose escaping it
 * shares); the output passes our own `parseCapFeed` / `parseCapAlert`.
 */

/** Most entries in one feed. */
export const CAP_OUTPUT_MAX_ENTRIES = 500;
/** How long a resolved alert stays in the feed (with `<expires>`), so consumers see it end. */
export const CAP_OUTPUT_RESOLVED_WINDOW_MS = 24 * 3_600_000;
/** `<headline>` length CAP recommends at most. */
export const CAP_HEADLINE_MAX = 160;
/** Radius of the `<circle>` written for an alert located at a point, in km. */
export const CAP_POINT_RADIUS_KM = 0.5;

export const CAP_OUTPUT_FEED_TITLE = 'Cảnh báo – Trung tâm điều hành đô thị thông minh TP.HCM';
export const CAP_OUTPUT_SENDER_NAME = {
  vi: 'Trung tâm điều hành đô thị thông minh TP.HCM',
  en: 'Ho Chi Minh City Intelligent Operations Center',
} as const;
/** `<restriction>`: IOC alerts are operational information, not public warnings. */
export const CAP_OUTPUT_RESTRICTION = 'Nội bộ TTĐH / IOC internal';

export interface CapOutputOptions {
  /** Decides which resolved alerts are still recent; the feed's `updated` when it is empty. */
  now: Date;
  /** Absolute URL of the feed itself (`rel="self"`); without query it is also the feed id. */
  selfUrl: string;
  /** CAP `<sender>`, e.g. `ioc@ioc.hochiminhcity.gov.vn`. */
  sender: string;
  /** Department names by department id; `code` (else the id after its last ':') sets `<category>`. */
  departments: ReadonlyMap<string, { vi: string; en?: string | undefined; code?: string }>;
}

/** Department code → CAP `<category>`; any other department is 'Other'. */
const CATEGORY_BY_DEPARTMENT: Readonly<Record<string, CapCategory>> = {
  TNMT: 'Env',
  GTVT: 'Transport',
  YTE: 'Health',
  ANM: 'Security',
};

/** Status words of the description; a status not listed here is written as it is. */
const STATUS_TEXT: Readonly<
  Partial<Record<AlertStatus | 'in_progress', { vi: string; en: string }>>
> = {
  open: { vi: 'đang mở', en: 'open' },
  acknowledged: { vi: 'đã tiếp nhận', en: 'acknowledged' },
  in_progress: { vi: 'đang xử lý', en: 'in progress' },
  resolved: { vi: 'đã kết thúc', en: 'resolved' },
};

const AREA_DESC = { vi: 'Thành phố Hồ Chí Minh', en: 'Ho Chi Minh City' } as const;

/**
 * Text made safe for XML: lone UTF-16 surrogates (not XML characters) become U+FFFD, then
 * `xmlEscape` drops control characters and escapes `& < > " '`.
 */
const esc = (text: string): string => xmlEscape(text.replace(/\p{Cs}/gu, '\uFFFD'));

const element = (pad: string, name: string, text: string | undefined): string[] =>
  text === undefined ? [] : [`${pad}<${name}>${esc(text)}</${name}>`];

/**
 * A CAP identifier or sender: CAP forbids spaces, commas, '<' and '&'; this keeps a stricter
 * set (letters, digits and `._:@-`) so that no consumer has to escape anything.
 */
export const capToken = (text: string): string => text.replace(/[^A-Za-z0-9._:@-]/g, '_') || '_';

/** The CAP `<identifier>` of one version of an alert: stable for that version. */
export const capIdentifierOf = (alert: Pick<Alert, 'id' | 'version'>): string =>
  capToken(`${alert.id}-v${alert.version}`);

/** `<sent>` of one version: its `updatedAt` as a CAP date-time (`…+07:00`, whole seconds). */
const capTime = (iso: string): string => capDateTime(Date.parse(iso));

/** At most `max` characters (code points), with an ellipsis when cut. */
const truncate = (text: string, max: number): string => {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
};

/** A coordinate as a plain decimal (CAP forbids exponents), to 1e-6° (about 0.1 m). */
const decimal = (value: number): number => {
  const rounded = Number(value.toFixed(6));
  return Object.is(rounded, -0) ? 0 : rounded;
};

const isLngLat = (p: readonly number[]): boolean => {
  const [lng, lat] = p;
  return (
    lng !== undefined &&
    lat !== undefined &&
    Number.isFinite(lng) &&
    Number.isFinite(lat) &&
    Math.abs(lng) <= 180 &&
    Math.abs(lat) <= 90
  );
};

/**
 * A GeoJSON ring as a closed CAP ring of `[lng, lat]` (rounded), or null when it cannot be one:
 * an out-of-range position, or fewer than 4 pairs once closed.
 */
const capRing = (ring: readonly (readonly number[])[]): LngLat[] | null => {
  if (!ring.every(isLngLat)) return null;
  const points = ring.map((p): LngLat => [decimal(p[0] as number), decimal(p[1] as number)]);
  const first = points[0];
  const last = points.at(-1);
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) {
    points.push([first[0], first[1]]);
  }
  return points.length >= 4 ? points : null;
};

/**
 * CAP `<polygon>` texts ("lat,lon …", LATITUDE first) of an alert's geometry: the outer ring of
 * each polygon. CAP polygons have no holes, so inner rings are left out (the area grows, never
 * shrinks).
 */
export const capPolygonsOf = (geometry: Alert['geometry']): string[] => {
  if (!geometry) return [];
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.flatMap((rings) => {
    const outer = rings[0] ? capRing(rings[0]) : null;
    return outer ? [formatCapPolygon(outer)] : [];
  });
};

/** CAP `<circle>` text ("lat,lon radius") of an alert at a point. */
export const capCircleOf = ([lng, lat]: LngLat): string =>
  `${decimal(lat)},${decimal(lng)} ${CAP_POINT_RADIUS_KM}`;

const categoryOf = (departmentId: string, code: string | undefined): CapCategory =>
  CATEGORY_BY_DEPARTMENT[(code ?? departmentId.split(':').at(-1) ?? '').toUpperCase()] ?? 'Other';

/** Active alerts, and those resolved within the window; newest version first; capped. */
export const selectCapOutputAlerts = (alerts: readonly Alert[], now: Date): Alert[] => {
  const since = now.getTime() - CAP_OUTPUT_RESOLVED_WINDOW_MS;
  return alerts
    .filter(
      (a) =>
        a.status !== 'resolved' || (a.resolvedAt !== null && Date.parse(a.resolvedAt) >= since),
    )
    .sort(
      (a, b) =>
        Date.parse(b.updatedAt) - Date.parse(a.updatedAt) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    )
    .slice(0, CAP_OUTPUT_MAX_ENTRIES);
};

interface InfoText {
  language: 'vi-VN' | 'en-US';
  title: string;
  description: string;
  senderName: string;
  areaDesc: string;
}

const infoTexts = (alert: Alert, options: CapOutputOptions): [InfoText, InfoText] => {
  // An empty <event> is invalid CAP; a title is never blank in practice, but it is untrusted.
  const vi = alert.title.vi.trim() || 'Cảnh báo';
  const en = alert.title.en?.trim() || vi;
  const department = options.departments.get(alert.departmentId);
  const departmentVi = department?.vi ?? alert.departmentId;
  const departmentEn = department?.en ?? departmentVi;
  const status = STATUS_TEXT[alert.status] ?? { vi: alert.status, en: alert.status };
  const measured = alert.value !== null;
  const limit = alert.threshold !== null;
  const describe = (
    labels: { value: string; threshold: string; department: string; status: string },
    departmentName: string,
    statusText: string,
  ) =>
    [
      measured ? `${labels.value}: ${alert.value}` : undefined,
      limit ? `${labels.threshold}: ${alert.threshold}` : undefined,
      `${labels.department}: ${departmentName}`,
      `${labels.status}: ${statusText}`,
    ]
      .filter((line) => line !== undefined)
      .join('\n');
  return [
    {
      language: 'vi-VN',
      title: vi,
      description: describe(
        { value: 'Giá trị', threshold: 'Ngưỡng', department: 'Đơn vị', status: 'Trạng thái' },
        departmentVi,
        status.vi,
      ),
      senderName: CAP_OUTPUT_SENDER_NAME.vi,
      areaDesc: AREA_DESC.vi,
    },
    {
      language: 'en-US',
      title: en,
      description: describe(
        { value: 'Value', threshold: 'Threshold', department: 'Department', status: 'Status' },
        departmentEn,
        status.en,
      ),
      senderName: CAP_OUTPUT_SENDER_NAME.en,
      areaDesc: AREA_DESC.en,
    },
  ];
};

const infoXml = (
  alert: Alert,
  text: InfoText,
  category: CapCategory,
  area: { polygons: string[]; circles: string[] },
  pad: string,
): string[] => {
  const inner = `${pad}  `;
  return [
    `${pad}<info>`,
    ...element(inner, 'language', text.language),
    ...element(inner, 'category', category),
    ...element(inner, 'event', text.title),
    // AllClear tells a consumer the event no longer poses a threat; Monitor while it lasts.
    ...element(inner, 'responseType', alert.status === 'resolved' ? 'AllClear' : 'Monitor'),
    ...element(inner, 'urgency', alert.status === 'open' ? 'Immediate' : 'Expected'),
    ...element(inner, 'severity', alert.severity),
    ...element(inner, 'certainty', 'Observed'),
    ...element(inner, 'onset', capTime(alert.firstAt)),
    ...element(inner, 'expires', alert.resolvedAt === null ? undefined : capTime(alert.resolvedAt)),
    ...element(inner, 'senderName', text.senderName),
    ...element(inner, 'headline', truncate(text.title, CAP_HEADLINE_MAX)),
    ...element(inner, 'description', text.description),
    `${inner}<area>`,
    ...element(`${inner}  `, 'areaDesc', text.areaDesc),
    ...area.polygons.flatMap((polygon) => element(`${inner}  `, 'polygon', polygon)),
    ...area.circles.flatMap((circle) => element(`${inner}  `, 'circle', circle)),
    `${inner}</area>`,
    `${pad}</info>`,
  ];
};

/**
 * The `<alert>` of an alert's latest version.
 *
 * msgType: version 1 is an Alert; every later version is an Update whose `<references>` names
 * the FIRST version (`sender,<id>-v1,<firstAt>`), not the immediately previous one. The
 * previous version's `sent` (its updatedAt) is not on the Alert, while version 1's is: it was
 * written with `updatedAt = firstAt`. CAP lets references name any earlier message of the
 * chain, so the reference is always valid, and a consumer (our own CAP ingest included) links
 * every Update to the warning the Alert raised instead of raising a new one per version.
 */
const alertXml = (alert: Alert, options: CapOutputOptions, pad: string): string[] => {
  const inner = `${pad}  `;
  const sender = capToken(options.sender);
  const department = options.departments.get(alert.departmentId);
  const category = categoryOf(alert.departmentId, department?.code);
  const polygons = capPolygonsOf(alert.geometry);
  const area = {
    polygons,
    circles: polygons.length === 0 && alert.position ? [capCircleOf(alert.position)] : [],
  };
  const isFirst = alert.version <= 1;
  const [vi, en] = infoTexts(alert, options);
  return [
    `${pad}<alert xmlns="${CAP_NAMESPACE}">`,
    ...element(inner, 'identifier', capIdentifierOf(alert)),
    ...element(inner, 'sender', sender),
    ...element(inner, 'sent', capTime(alert.updatedAt)),
    ...element(inner, 'status', 'Actual'),
    ...element(inner, 'msgType', isFirst ? 'Alert' : 'Update'),
    ...element(inner, 'scope', 'Restricted'),
    ...element(inner, 'restriction', CAP_OUTPUT_RESTRICTION),
    ...element(
      inner,
      'references',
      isFirst
        ? undefined
        : `${sender},${capIdentifierOf({ id: alert.id, version: 1 })},${capTime(alert.firstAt)}`,
    ),
    ...infoXml(alert, vi, category, area, inner),
    ...infoXml(alert, en, category, area, inner),
    `${pad}</alert>`,
  ];
};

/**
 * Alerts as a CAP 1.2 Atom feed (UTF-8 text with an XML declaration): the active ones and
 * those resolved in the last 24 h (with `<expires>` = resolvedAt), newest version first, at
 * most 500. The feed's `updated` is the newest entry's, so an unchanged feed reads the same on
 * every poll; `now` when there is none.
 */
export const alertsToCapAtom = (alerts: readonly Alert[], options: CapOutputOptions): string => {
  const selected = selectCapOutputAlerts(alerts, options.now);
  const feedId = options.selfUrl.split(/[?#]/)[0] || options.selfUrl;
  const updated = selected[0]?.updatedAt ?? options.now.toISOString();
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<feed xmlns="${ATOM_NAMESPACE}" xml:lang="vi">`,
    ...element('  ', 'id', feedId),
    ...element('  ', 'title', CAP_OUTPUT_FEED_TITLE),
    ...element('  ', 'updated', updated),
    '  <author>',
    ...element('    ', 'name', CAP_OUTPUT_SENDER_NAME.vi),
    '  </author>',
    `  <link rel="self" type="application/atom+xml" href="${esc(options.selfUrl)}"/>`,
  ];
  for (const alert of selected) {
    const identifier = capIdentifierOf(alert);
    lines.push(
      '  <entry>',
      ...element('    ', 'id', `${feedId}#${identifier}`),
      ...element('    ', 'title', alert.title.vi.trim() || 'Cảnh báo'),
      ...element('    ', 'published', alert.firstAt),
      ...element('    ', 'updated', alert.updatedAt),
      '    <content type="application/cap+xml">',
      ...alertXml(alert, options, '      '),
      '    </content>',
      '  </entry>',
    );
  }
  lines.push('</feed>', '');
  return lines.join('\n');
};
