import type { LngLat } from '@city-ioc/shared';
import { roundLngLat } from '../demo/geometry';
import { hashUnit } from '../demo/prng';
import { HCMC_WARD_ROWS, type WardRow, wardRadiusKm } from '../demo/wards';
import type {
  CapCategory,
  CapCertainty,
  CapMsgType,
  CapResponseType,
  CapSeverity,
  CapStatus,
  CapUrgency,
} from '../feeds/cap/parse';

/**
 * The Southern Regional Hydro-Meteorological Station (Đài Khí tượng Thủy văn khu vực Nam Bộ)
 * as a CAP 1.2 publisher for Ho Chi Minh City: a deterministic schedule of high-tide, heavy-rain
 * and heat warnings, each issued, updated, then cancelled or left to expire, plus now and then a
 * test message. Pure: every function takes `now` and a seed.
 *
 * The schedule runs in 3-hour slots of local time (UTC+7). Each slot opens one warning episode a
 * few minutes after the slot starts: an Alert, an Update 45–90 minutes later (a higher severity
 * or a longer validity), and an end 30–120 minutes into the next slot, either a Cancel or the
 * expiry of the Update. Episodes therefore overlap and one warning is live at every instant.
 */

/** The station's CAP `<sender>`. */
export const CAP_SENDER = 'canhbao@kttv-nambo.gov.vn';
/** `<senderName>` of the Vietnamese and English `<info>` blocks. */
export const CAP_SENDER_NAME = {
  vi: 'Đài Khí tượng Thủy văn khu vực Nam Bộ',
  en: 'Southern Regional Hydro-Meteorological Station',
} as const;
/** Where the station publishes each warning on the web; the identifier is appended. */
export const CAP_WEB_BASE = 'https://kttv-nambo.gov.vn/canh-bao/';
/** One warning episode starts in each slot of this length (local time). */
export const CAP_SLOT_MS = 3 * 3_600_000;
/** How far back the published feed reaches: Updates and Cancels stay next to their Alert. */
export const CAP_FEED_WINDOW_MS = 24 * 3_600_000;

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Asia/Ho_Chi_Minh is UTC+7 all year. */
const OFFSET_MS = 7 * HOUR_MS;
const SLOTS_PER_DAY = DAY_MS / CAP_SLOT_MS;
const IDENTIFIER = /^VN-KTTVNB-(\d{4})(\d{2})(\d{2})-(\d{3})$/;

/** What a warning is about. */
export type SimCapKind = 'tide' | 'rain' | 'heat';

/** One `<area>`: ward names, shapes in `[lng, lat]` (rendered "lat,lon" in CAP) and ward codes. */
export interface SimCapArea {
  areaDesc: string;
  /** Closed rings, `[lng, lat]`. */
  polygons: LngLat[][];
  circles: { center: LngLat; radiusKm: number }[];
  geocodes: { valueName: string; value: string }[];
}

/** One `<info>` block. Times are CAP date-times (`2025-11-04T10:15:00+07:00`). */
export interface SimCapInfo {
  language: 'vi-VN' | 'en-US';
  categories: CapCategory[];
  event: string;
  responseTypes: CapResponseType[];
  urgency: CapUrgency;
  severity: CapSeverity;
  certainty: CapCertainty;
  effective?: string;
  onset?: string;
  expires: string;
  senderName: string;
  headline: string;
  description: string;
  instruction: string;
  web: string;
  contact?: string;
  parameters: { valueName: string; value: string }[];
  areas: SimCapArea[];
}

/** One earlier message an Update or Cancel refers to, written exactly as that message was. */
export interface SimCapReference {
  sender: string;
  identifier: string;
  sent: string;
}

/** One CAP message as the station publishes it. */
export interface SimCapWarning {
  /** `VN-KTTVNB-<yyyymmdd>-<nnn>`: local date of `sent`, then the day's running number. */
  identifier: string;
  sender: string;
  /** CAP date-time with the `+07:00` offset, whole seconds. */
  sent: string;
  /** `sent` in epoch milliseconds. */
  sentAtMs: number;
  status: CapStatus;
  msgType: CapMsgType;
  scope: 'Public';
  source?: string;
  note?: string;
  references: SimCapReference[];
  incidents: string[];
  /** vi-VN first, then en-US. */
  infos: SimCapInfo[];
}

// ─── Time helpers ─────────────────────────────────────────────────────────────────────────

/** An instant as a CAP 1.2 date-time in Ho Chi Minh City time (`…+07:00`), to the second. */
export const capDateTime = (ms: number): string =>
  `${new Date(Math.floor(ms / 1000) * 1000 + OFFSET_MS).toISOString().slice(0, 19)}+07:00`;

/** Local wall-clock parts of an instant. */
const local = (ms: number) => {
  const iso = new Date(ms + OFFSET_MS).toISOString();
  return {
    yyyy: iso.slice(0, 4),
    mm: iso.slice(5, 7),
    dd: iso.slice(8, 10),
    hh: iso.slice(11, 13),
    mi: iso.slice(14, 16),
  };
};

/** "18h30 ngày 04/11" */
const viTime = (ms: number): string => {
  const t = local(ms);
  return `${t.hh}h${t.mi} ngày ${t.dd}/${t.mm}`;
};

/** "18:30 on 04/11" */
const enTime = (ms: number): string => {
  const t = local(ms);
  return `${t.hh}:${t.mi} on ${t.dd}/${t.mm}`;
};

/** Days since 1970-01-01 in local time. */
const localDay = (ms: number): number => Math.floor((ms + OFFSET_MS) / DAY_MS);
/** UTC epoch of local midnight starting `day`. */
const dayStartMs = (day: number): number => day * DAY_MS - OFFSET_MS;
/** UTC start of a local-time slot. */
const slotStartMs = (slot: number): number => slot * CAP_SLOT_MS - OFFSET_MS;

/** 1,58 (Vietnamese decimal comma). */
const viDecimal = (value: number, digits: number): string =>
  value.toFixed(digits).replace('.', ',');

// ─── Areas ────────────────────────────────────────────────────────────────────────────────

interface AreaGroup {
  key: string;
  vi: string;
  en: string;
  wards: readonly WardRow[];
  /** A circle instead of a polygon around the wards. */
  circle?: { center: LngLat; radiusKm: number };
}

const wardNamed = (name: string): WardRow => {
  const row = HCMC_WARD_ROWS.find((w) => w.name === name);
  if (!row) throw new Error(`Unknown ward ${name}`);
  return row;
};

const group = (
  key: string,
  vi: string,
  en: string,
  wards: readonly string[],
  circleKm?: number,
): AreaGroup => {
  const rows = wards.map(wardNamed);
  const first = rows[0] as WardRow;
  return {
    key,
    vi,
    en,
    wards: rows,
    ...(circleKm === undefined ? {} : { circle: { center: first.centroid, radiusKm: circleKm } }),
  };
};

const TIDE_GROUPS: readonly AreaGroup[] = [
  group('saigon', 'ven sông Sài Gòn', 'along the Saigon River', [
    'Phường An Phú Đông',
    'Phường Hiệp Bình',
    'Phường Bình Quới',
    'Phường Thạnh Mỹ Tây',
    'Phường An Khánh',
  ]),
  group('thuduc', 'khu vực Thủ Đức', 'Thu Duc area', [
    'Phường Bình Trưng',
    'Phường Cát Lái',
    'Phường Long Trường',
    'Phường Long Phước',
    'Phường Phước Long',
  ]),
  group('nhabe', 'khu vực Nhà Bè', 'Nha Be area', [
    'Phường Tân Hưng',
    'Phường Tân Mỹ',
    'Phường Phú Thuận',
    'Xã Nhà Bè',
    'Xã Hiệp Phước',
  ]),
  group('cangio', 'khu vực Cần Giờ', 'Can Gio area', [
    'Xã Bình Khánh',
    'Xã An Thới Đông',
    'Xã Cần Giờ',
    'Xã Thạnh An',
  ]),
];

const RAIN_GROUPS: readonly AreaGroup[] = [
  group('centre', 'khu vực trung tâm', 'the city centre', [
    'Phường Sài Gòn',
    'Phường Bến Thành',
    'Phường Tân Định',
    'Phường Bàn Cờ',
    'Phường Xuân Hoà',
    'Phường Cầu Ông Lãnh',
  ]),
  group('west', 'khu vực phía Tây', 'the western wards', [
    'Phường Bình Tân',
    'Phường Tân Tạo',
    'Phường An Lạc',
    'Phường Bình Hưng Hoà',
    'Phường Bình Trị Đông',
  ]),
  group('north', 'khu vực phía Bắc', 'the northern wards', [
    'Phường Gò Vấp',
    'Phường An Hội Tây',
    'Phường Thông Tây Hội',
    'Phường Tân Sơn Nhất',
    'Phường Tân Sơn',
  ]),
  group('east', 'khu vực phía Đông', 'the eastern wards', [
    'Phường Thủ Đức',
    'Phường Linh Xuân',
    'Phường Tăng Nhơn Phú',
    'Phường Long Bình',
  ]),
];

const HEAT_GROUPS: readonly AreaGroup[] = [
  group(
    'inner',
    'các phường nội thành',
    'the inner-city wards',
    ['Phường Sài Gòn', 'Phường Bến Thành', 'Phường Chợ Lớn', 'Phường Gia Định', 'Phường Tân Bình'],
    12,
  ),
  group('binhduong', 'khu vực Thủ Dầu Một – Dĩ An – Thuận An', 'Thu Dau Mot – Di An – Thuan An', [
    'Phường Thủ Dầu Một',
    'Phường Phú Lợi',
    'Phường Dĩ An',
    'Phường Thuận An',
    'Phường Lái Thiêu',
  ]),
  group('cuchi', 'khu vực Củ Chi – Hóc Môn', 'Cu Chi – Hoc Mon', [
    'Xã Củ Chi',
    'Xã Hóc Môn',
    'Xã Bà Điểm',
    'Xã Phú Hoà Đông',
  ]),
];

/** Kilometres per degree of latitude, and of longitude at the equator. */
const KM_PER_DEG_LAT = 110.574;
const KM_PER_DEG_LNG = 111.32;

/** Monotone-chain convex hull, counter-clockwise, open. */
const convexHull = (points: readonly LngLat[]): LngLat[] => {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cross = (o: LngLat, a: LngLat, b: LngLat) =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const half = (pts: readonly LngLat[]) => {
    const out: LngLat[] = [];
    for (const p of pts) {
      while (
        out.length >= 2 &&
        cross(out[out.length - 2] as LngLat, out[out.length - 1] as LngLat, p) <= 0
      ) {
        out.pop();
      }
      out.push(p);
    }
    out.pop();
    return out;
  };
  return [...half(sorted), ...half([...sorted].reverse())];
};

/**
 * A polygon around a group of wards: the convex hull of an octagon around each ward centroid
 * (radius ≈ the ward's size, at most 5 km), 4 decimals, closed.
 */
const hullAround = (wards: readonly WardRow[]): LngLat[] => {
  const points: LngLat[] = [];
  for (const ward of wards) {
    const [lng, lat] = ward.centroid;
    const r = Math.min(0.8 * wardRadiusKm(ward.areaKm2), 5);
    for (let i = 0; i < 8; i++) {
      const angle = (2 * Math.PI * i) / 8;
      points.push(
        roundLngLat(
          [
            lng + (r * Math.cos(angle)) / (KM_PER_DEG_LNG * Math.cos((lat * Math.PI) / 180)),
            lat + (r * Math.sin(angle)) / KM_PER_DEG_LAT,
          ],
          4,
        ),
      );
    }
  }
  const ring = convexHull(points);
  const first = ring[0] as LngLat;
  return [...ring, [first[0], first[1]]];
};

const areaShapes = new Map<string, LngLat[]>();
const shapeOf = (g: AreaGroup): LngLat[] => {
  let ring = areaShapes.get(g.key);
  if (!ring) {
    ring = hullAround(g.wards);
    areaShapes.set(g.key, ring);
  }
  return ring;
};

const areaOf = (g: AreaGroup, language: 'vi' | 'en'): SimCapArea => {
  const names = g.wards.map((w) => (language === 'vi' ? w.name : w.nameEn)).join(', ');
  const label = language === 'vi' ? g.vi : g.en;
  return {
    areaDesc: `${label.charAt(0).toUpperCase()}${label.slice(1)}: ${names}`,
    polygons: g.circle ? [] : [shapeOf(g).map(([x, y]): LngLat => [x, y])],
    circles: g.circle ? [{ center: g.circle.center, radiusKm: g.circle.radiusKm }] : [],
    geocodes: g.wards.map((w) => ({ valueName: 'MA_DVHC', value: w.code })),
  };
};

// ─── Episodes ─────────────────────────────────────────────────────────────────────────────

type Stage = 'alert' | 'update' | 'cancel';

interface Episode {
  slot: number;
  kind: SimCapKind;
  alertMs: number;
  updateMs: number;
  /** When the Cancel is sent, or null when the warning just expires at `expiresMs`. */
  cancelMs: number | null;
  /** Validity given by the Update (after the Cancel when there is one). */
  expiresMs: number;
  /** The Update raises the severity (else it only extends the validity). */
  escalates: boolean;
  /** A draw in [0, 1) for the episode's details. */
  draw: (...key: string[]) => number;
}

/** Kinds by slot of the local day (0 = 00:00–03:00): [kind, weight] pairs. */
const KIND_WEIGHTS: readonly (readonly [SimCapKind, number][])[] = [
  [
    ['tide', 0.8],
    ['rain', 0.2],
  ],
  [['tide', 1]],
  [
    ['tide', 0.7],
    ['rain', 0.3],
  ],
  [
    ['heat', 0.6],
    ['tide', 0.4],
  ],
  [
    ['heat', 0.6],
    ['rain', 0.4],
  ],
  [
    ['rain', 0.7],
    ['tide', 0.3],
  ],
  [
    ['rain', 0.5],
    ['tide', 0.5],
  ],
  [
    ['tide', 0.7],
    ['rain', 0.3],
  ],
];

const minutes = (draw: number, from: number, to: number) =>
  (from + Math.floor(draw * (to - from + 1))) * MINUTE_MS;

const episodeOf = (slot: number, seed: number): Episode => {
  const draw = (...key: string[]) => hashUnit(seed, 'cap-episode', slot, ...key);
  const weights = KIND_WEIGHTS[((slot % SLOTS_PER_DAY) + SLOTS_PER_DAY) % SLOTS_PER_DAY] ?? [];
  let pick = draw('kind');
  let kind: SimCapKind = 'tide';
  for (const [k, w] of weights) {
    kind = k;
    if (pick < w) break;
    pick -= w;
  }
  const start = slotStartMs(slot);
  const next = slotStartMs(slot + 1);
  const alertMs = start + minutes(draw('alert'), 0, 14);
  const updateMs = alertMs + minutes(draw('update'), 45, 90);
  // The Update's validity ends on a quarter hour 45 min to 2 h into the next slot; a Cancel
  // (60% of episodes) comes earlier, but never before the next episode's Alert.
  const expiresMs = next + 15 * MINUTE_MS * (3 + Math.floor(draw('end') * 6));
  const cancels = draw('ends') < 0.6;
  const cancelMs = next + minutes(draw('cancel'), 30, (expiresMs - next) / MINUTE_MS - 10);
  return {
    slot,
    kind,
    alertMs,
    updateMs,
    cancelMs: cancels ? cancelMs : null,
    expiresMs,
    escalates: draw('escalates') < 0.55,
    draw,
  };
};

/** Whether `day` (local) has a test message, and when. */
const testMessageMs = (day: number, seed: number): number | null =>
  hashUnit(seed, 'cap-test', day) < 0.6
    ? dayStartMs(day) + minutes(hashUnit(seed, 'cap-test-at', day), 8 * 60, 17 * 60)
    : null;

/** A message before its identifier is known. */
interface Draft {
  sentAtMs: number;
  key: string;
  episode: Episode | null;
  stage: Stage | 'test';
}

const draftsOfEpisode = (episode: Episode): Draft[] => {
  const key = `e${episode.slot}`;
  const drafts: Draft[] = [
    { sentAtMs: episode.alertMs, key: `${key}:alert`, episode, stage: 'alert' },
    { sentAtMs: episode.updateMs, key: `${key}:update`, episode, stage: 'update' },
  ];
  if (episode.cancelMs !== null) {
    drafts.push({ sentAtMs: episode.cancelMs, key: `${key}:cancel`, episode, stage: 'cancel' });
  }
  return drafts;
};

/**
 * Every message sent on a local day, in order, with its identifier. An episode's messages span
 * at most from its slot start to 2 h into the next slot, so the day's messages come from the
 * slots of that day and the last slot of the day before. Memoised (bounded): a pure cache.
 */
const dayMessages = (day: number, seed: number): readonly (Draft & { identifier: string })[] => {
  const cacheKey = `${seed}|${day}`;
  const cached = dayCache.get(cacheKey);
  if (cached) return cached;
  const from = dayStartMs(day);
  const to = from + DAY_MS;
  const drafts: Draft[] = [];
  for (let slot = day * SLOTS_PER_DAY - 1; slot < (day + 1) * SLOTS_PER_DAY; slot++) {
    drafts.push(...draftsOfEpisode(episodeOf(slot, seed)));
  }
  const test = testMessageMs(day, seed);
  if (test !== null) drafts.push({ sentAtMs: test, key: `t${day}`, episode: null, stage: 'test' });
  const t = local(from);
  const prefix = `VN-KTTVNB-${t.yyyy}${t.mm}${t.dd}-`;
  const result = drafts
    .filter((d) => d.sentAtMs >= from && d.sentAtMs < to)
    .sort((a, b) => a.sentAtMs - b.sentAtMs || a.key.localeCompare(b.key))
    .map((d, i) => ({ ...d, identifier: `${prefix}${String(i + 1).padStart(3, '0')}` }));
  if (dayCache.size >= 64) dayCache.clear();
  dayCache.set(cacheKey, result);
  return result;
};
const dayCache = new Map<string, readonly (Draft & { identifier: string })[]>();

const referenceTo = (episode: Episode, stage: Stage, seed: number): SimCapReference => {
  const sentAtMs = stage === 'alert' ? episode.alertMs : episode.updateMs;
  const key = `e${episode.slot}:${stage}`;
  const found = dayMessages(localDay(sentAtMs), seed).find((d) => d.key === key);
  return { sender: CAP_SENDER, identifier: found?.identifier ?? '', sent: capDateTime(sentAtMs) };
};

// ─── Texts ────────────────────────────────────────────────────────────────────────────────

interface Wording {
  categories: CapCategory[];
  event: { vi: string; en: string };
  responseTypes: CapResponseType[];
  urgency: CapUrgency;
  severity: CapSeverity;
  certainty: CapCertainty;
  onsetMs?: number;
  headline: { vi: string; en: string };
  description: { vi: string; en: string };
  instruction: { vi: string; en: string };
  groups: readonly AreaGroup[];
  parameters?: { valueName: string; value: string }[];
}

/** Alarm levels at Phú An, the city's reference tide station, in metres. */
const TIDE_ALARMS: readonly [number, string][] = [
  [1.7, 'III'],
  [1.6, 'II'],
  [1.5, 'I'],
];

const tideAlarmText = (level: number): { vi: string; en: string } => {
  const found = TIDE_ALARMS.find(([alarm]) => level >= alarm - 1e-9);
  if (!found) return { vi: 'dưới mức báo động I', en: 'below alarm level I' };
  const [alarm, name] = found;
  const excess = Math.round((level - alarm) * 100) / 100;
  if (excess === 0) return { vi: `ở mức báo động ${name}`, en: `at alarm level ${name}` };
  return {
    vi: `trên mức báo động ${name} ${viDecimal(excess, 2)} m`,
    en: `${excess.toFixed(2)} m above alarm level ${name}`,
  };
};

const listOf = (groups: readonly AreaGroup[], language: 'vi' | 'en') => {
  const names = groups.map((g) => (language === 'vi' ? g.vi : g.en));
  const joiner = language === 'vi' ? ' và ' : ' and ';
  return names.length <= 1
    ? (names[0] ?? '')
    : `${names.slice(0, -1).join(', ')}${joiner}${names[names.length - 1]}`;
};

/** Two distinct groups of `groups`, drawn by `draw`; a third one when escalated. */
const pickGroups = (
  groups: readonly AreaGroup[],
  draw: number,
  escalated: boolean,
): AreaGroup[] => {
  const n = groups.length;
  const first = Math.floor(draw * n);
  const picked = [groups[first], groups[(first + 1) % n]];
  if (escalated) picked.push(groups[(first + 2) % n]);
  return picked.filter((g): g is AreaGroup => g !== undefined);
};

const ACTIVE_CATEGORIES: Record<SimCapKind, CapCategory[]> = {
  tide: ['Met', 'Env'],
  rain: ['Met'],
  heat: ['Met'],
};

const tideWording = (ep: Episode, stage: 'alert' | 'update'): Wording => {
  const escalated = stage === 'update' && ep.escalates;
  const base = 1.52 + Math.round(ep.draw('level') * 14) / 100;
  const level = escalated ? base + 0.04 + Math.round(ep.draw('rise') * 6) / 100 : base;
  // The peak comes 1.5–3 h after the Alert, before any validity ends.
  const peakMs = ep.alertMs + Math.round((90 + ep.draw('peak') * 90) / 15) * 15 * MINUTE_MS;
  const groups = pickGroups(TIDE_GROUPS, ep.draw('area'), escalated);
  const alarm = tideAlarmText(level);
  const severity: CapSeverity = level >= 1.7 ? 'Extreme' : level >= 1.6 ? 'Severe' : 'Moderate';
  const [shallow, deep] = level >= 1.6 ? [0.3, 0.5] : [0.1, 0.3];
  const headline =
    stage === 'alert'
      ? {
          vi: `Cảnh báo triều cường: đỉnh triều tại Phú An ${viDecimal(level, 2)} m`,
          en: `High-tide flood warning: peak ${level.toFixed(2)} m at Phu An`,
        }
      : escalated
        ? {
            vi: `Cập nhật cảnh báo triều cường: đỉnh triều tăng lên ${viDecimal(level, 2)} m`,
            en: `High-tide flood warning updated: peak raised to ${level.toFixed(2)} m`,
          }
        : {
            vi: `Cập nhật cảnh báo triều cường: kéo dài đến ${viTime(ep.expiresMs)}`,
            en: `High-tide flood warning extended until ${enTime(ep.expiresMs)}`,
          };
  return {
    categories: ACTIVE_CATEGORIES.tide,
    event: { vi: 'Triều cường', en: 'High-tide flooding' },
    responseTypes: ['Prepare', 'Monitor'],
    urgency: escalated ? 'Immediate' : 'Expected',
    severity,
    certainty: 'Likely',
    onsetMs: peakMs,
    headline,
    description: {
      vi:
        `Do ảnh hưởng của kỳ triều cường kết hợp gió chướng, mực nước trên sông Sài Gòn – Đồng Nai ` +
        `đang lên. Đỉnh triều tại trạm Phú An dự báo đạt ${viDecimal(level, 2)} m vào khoảng ` +
        `${viTime(peakMs)}, ${alarm.vi}. Các tuyến đường ven sông, vùng trũng thấp ` +
        `${listOf(groups, 'vi')} có nguy cơ ngập sâu ${viDecimal(shallow, 1)}–${viDecimal(deep, 1)} m.`,
      en:
        `Spring tides combined with the north-easterly monsoon are raising the Saigon – Dong Nai ` +
        `rivers. The tide at Phu An station is forecast to peak at ${level.toFixed(2)} m around ` +
        `${enTime(peakMs)}, ${alarm.en}. Riverside roads and low-lying parts of ` +
        `${listOf(groups, 'en')} may flood ${shallow.toFixed(1)}–${deep.toFixed(1)} m deep.`,
    },
    instruction: {
      vi:
        'Người dân khu vực ven sông, vùng trũng thấp chủ động kê cao tài sản, hạn chế di chuyển ' +
        'qua các tuyến đường ngập trong giờ triều cường. Chính quyền các phường, xã vận hành cống ' +
        'ngăn triều và bố trí lực lượng hướng dẫn giao thông.',
      en:
        'Residents of riverside and low-lying areas should raise belongings off the floor and ' +
        'avoid flooded roads around high tide. Wards and communes should operate the tidal ' +
        'sluices and deploy staff to guide traffic.',
    },
    groups,
    parameters: [{ valueName: 'DINH_TRIEU_PHU_AN_M', value: level.toFixed(2) }],
  };
};

const rainWording = (ep: Episode, stage: 'alert' | 'update'): Wording => {
  const escalated = stage === 'update' && ep.escalates;
  const groups = pickGroups(RAIN_GROUPS, ep.draw('area'), escalated);
  const [low, high, peak, gust] = escalated ? [40, 70, 100, '7–8'] : [20, 40, 70, '6–7'];
  const headline =
    stage === 'alert'
      ? {
          vi: 'Cảnh báo mưa lớn, lốc, sét tại TP. Hồ Chí Minh',
          en: 'Heavy rain, whirlwind and lightning warning for Ho Chi Minh City',
        }
      : escalated
        ? {
            vi: 'Cập nhật cảnh báo mưa lớn, lốc, sét: mưa tăng, mở rộng khu vực',
            en: 'Heavy rain warning updated: heavier rain over a wider area',
          }
        : {
            vi: `Cập nhật cảnh báo mưa lớn, lốc, sét: kéo dài đến ${viTime(ep.expiresMs)}`,
            en: `Heavy rain warning extended until ${enTime(ep.expiresMs)}`,
          };
  return {
    categories: ACTIVE_CATEGORIES.rain,
    event: { vi: 'Mưa lớn, lốc, sét', en: 'Heavy rain, whirlwind and lightning' },
    responseTypes: ['Avoid', 'Monitor'],
    urgency: stage === 'alert' ? 'Expected' : 'Immediate',
    severity: escalated ? 'Severe' : 'Moderate',
    certainty: stage === 'alert' ? 'Likely' : 'Observed',
    headline,
    description: {
      vi:
        `Mây đối lưu đang phát triển mạnh trên ${listOf(groups, 'vi')}. Trong 1–3 giờ tới có mưa ` +
        `rào và dông, lượng mưa phổ biến ${low}–${high} mm, có nơi trên ${peak} mm. Trong cơn dông ` +
        `có khả năng xảy ra lốc, sét và gió giật mạnh cấp ${gust}.`,
      en:
        `Strong convective clouds are developing over ${listOf(groups, 'en')}. Showers and ` +
        `thunderstorms are expected within 1–3 hours, with ${low}–${high} mm of rain, locally over ` +
        `${peak} mm, and possible whirlwinds, lightning and gusts of Beaufort force ${gust}.`,
    },
    instruction: {
      vi:
        'Đề phòng ngập úng tại các tuyến đường trũng thấp, cây xanh gãy đổ và tai nạn giao thông. ' +
        'Không trú mưa dưới gốc cây lớn, cột điện; hạn chế ra đường trong thời gian mưa dông.',
      en:
        'Beware of flooded low-lying roads, falling trees and traffic accidents. Do not shelter ' +
        'under large trees or power poles; avoid travelling during the storm.',
    },
    groups,
    parameters: [{ valueName: 'LUONG_MUA_MM', value: `${low}-${high}` }],
  };
};

const heatWording = (ep: Episode, stage: 'alert' | 'update'): Wording => {
  const escalated = stage === 'update' && ep.escalates;
  const t = 35 + Math.floor(ep.draw('tmax') * 2) + (escalated ? 1 : 0);
  const groups = escalated ? HEAT_GROUPS : HEAT_GROUPS.slice(0, 2);
  const headline =
    stage === 'alert'
      ? { vi: 'Cảnh báo nắng nóng tại TP. Hồ Chí Minh', en: 'Heat warning for Ho Chi Minh City' }
      : escalated
        ? {
            vi: `Cập nhật cảnh báo nắng nóng: nhiệt độ cao nhất có nơi trên ${t + 2}°C`,
            en: `Heat warning updated: highs locally above ${t + 2}°C`,
          }
        : {
            vi: `Cập nhật cảnh báo nắng nóng: kéo dài đến ${viTime(ep.expiresMs)}`,
            en: `Heat warning extended until ${enTime(ep.expiresMs)}`,
          };
  return {
    categories: ACTIVE_CATEGORIES.heat,
    event: { vi: 'Nắng nóng', en: 'Heat' },
    responseTypes: ['Prepare', 'Avoid'],
    urgency: 'Expected',
    severity: t >= 37 ? 'Severe' : 'Moderate',
    certainty: stage === 'alert' ? 'Likely' : 'Observed',
    headline,
    description: {
      vi:
        `${listOf(groups, 'vi').replace(/^./, (c) => c.toUpperCase())} có nắng nóng, nhiệt độ cao ` +
        `nhất phổ biến ${t}–${t + 1}°C, có nơi trên ${t + 2}°C; độ ẩm tương đối thấp nhất 45–50%. ` +
        'Thời gian nắng nóng trong ngày từ 11 giờ đến 16 giờ. Chỉ số tia cực tím (UV) ở mức nguy ' +
        'cơ gây hại rất cao.',
      en:
        `Hot weather over ${listOf(groups, 'en')}: highs of ${t}–${t + 1}°C, locally above ` +
        `${t + 2}°C, with relative humidity down to 45–50%, from 11:00 to 16:00. The UV index is ` +
        'very high.',
    },
    instruction: {
      vi:
        'Hạn chế ra ngoài trời từ 11 giờ đến 15 giờ; uống đủ nước, che chắn kỹ khi ra đường. Đề ' +
        'phòng cháy nổ, chập điện do nhu cầu sử dụng điện tăng cao; chú ý sức khỏe người cao ' +
        'tuổi và trẻ nhỏ.',
      en:
        'Stay out of the sun from 11:00 to 15:00, drink enough water and cover up outdoors. ' +
        'Beware of fires and electrical faults as power use peaks; look after the elderly and ' +
        'young children.',
    },
    groups,
    parameters: [{ valueName: 'NHIET_DO_CAO_NHAT_C', value: `${t}-${t + 1}` }],
  };
};

const wordingOf = (ep: Episode, stage: 'alert' | 'update'): Wording =>
  ep.kind === 'tide'
    ? tideWording(ep, stage)
    : ep.kind === 'rain'
      ? rainWording(ep, stage)
      : heatWording(ep, stage);

const ALL_CLEAR: Record<SimCapKind, { vi: string; en: string; whatVi: string; whatEn: string }> = {
  tide: {
    vi: 'Kết thúc cảnh báo triều cường',
    en: 'High-tide flood warning cancelled',
    whatVi: 'Mực nước trên sông Sài Gòn – Đồng Nai đã xuống dưới mức báo động I.',
    whatEn: 'The Saigon – Dong Nai rivers have fallen below alarm level I.',
  },
  rain: {
    vi: 'Kết thúc cảnh báo mưa lớn, lốc, sét',
    en: 'Heavy rain warning cancelled',
    whatVi: 'Mưa dông đã suy yếu và di chuyển ra khỏi địa bàn thành phố.',
    whatEn: 'The thunderstorms have weakened and moved away from the city.',
  },
  heat: {
    vi: 'Kết thúc cảnh báo nắng nóng',
    en: 'Heat warning cancelled',
    whatVi: 'Nhiệt độ đã giảm xuống dưới ngưỡng nắng nóng.',
    whatEn: 'Temperatures have dropped below the heat threshold.',
  },
};

const infoPair = (
  wording: Wording,
  sentAtMs: number,
  expiresMs: number,
  identifier: string,
): SimCapInfo[] =>
  (['vi', 'en'] as const).map((lang) => {
    const info: SimCapInfo = {
      language: lang === 'vi' ? 'vi-VN' : 'en-US',
      categories: [...wording.categories],
      event: wording.event[lang],
      responseTypes: [...wording.responseTypes],
      urgency: wording.urgency,
      severity: wording.severity,
      certainty: wording.certainty,
      effective: capDateTime(sentAtMs),
      expires: capDateTime(expiresMs),
      senderName: CAP_SENDER_NAME[lang],
      headline: wording.headline[lang],
      description: wording.description[lang],
      instruction: wording.instruction[lang],
      web: `${CAP_WEB_BASE}${identifier}`,
      contact:
        lang === 'vi'
          ? 'Phòng Dự báo, Đài Khí tượng Thủy văn khu vực Nam Bộ'
          : 'Forecasting Division, Southern Regional Hydro-Meteorological Station',
      parameters: wording.parameters ? wording.parameters.map((p) => ({ ...p })) : [],
      areas: wording.groups.map((g) => areaOf(g, lang)),
    };
    if (wording.onsetMs !== undefined) info.onset = capDateTime(wording.onsetMs);
    return info;
  });

const TEST_WORDING: Wording = {
  categories: ['Met'],
  event: { vi: 'Thử nghiệm hệ thống', en: 'System test' },
  responseTypes: ['None'],
  urgency: 'Immediate',
  severity: 'Severe',
  certainty: 'Observed',
  headline: {
    vi: '[THỬ NGHIỆM] Kiểm tra hệ thống phát tin cảnh báo triều cường',
    en: '[TEST] Tide warning dissemination test',
  },
  description: {
    vi: 'Đây là bản tin thử nghiệm kỹ thuật của hệ thống phát tin cảnh báo, không phải cảnh báo thật.',
    en: 'This is a technical test of the warning dissemination system, not a real warning.',
  },
  instruction: {
    vi: 'Không cần thực hiện hành động nào.',
    en: 'No action is required.',
  },
  groups: [TIDE_GROUPS[0] as AreaGroup],
};

/** The incident an episode's messages share. */
const incidentOf = (ep: Episode): string => {
  const t = local(slotStartMs(ep.slot));
  return `KTTVNB-${ep.kind.toUpperCase()}-${t.yyyy}${t.mm}${t.dd}-${t.hh}`;
};

const buildMessage = (draft: Draft & { identifier: string }, seed: number): SimCapWarning => {
  const base = {
    identifier: draft.identifier,
    sender: CAP_SENDER,
    sent: capDateTime(draft.sentAtMs),
    sentAtMs: draft.sentAtMs,
    scope: 'Public' as const,
    source: CAP_SENDER_NAME.vi,
  };
  const ep = draft.episode;
  if (!ep || draft.stage === 'test') {
    return {
      ...base,
      status: 'Test',
      msgType: 'Alert',
      note: 'Bản tin thử nghiệm – không có giá trị cảnh báo',
      references: [],
      incidents: [],
      infos: infoPair(TEST_WORDING, draft.sentAtMs, draft.sentAtMs + HOUR_MS, draft.identifier),
    };
  }
  const incidents = [incidentOf(ep)];
  if (draft.stage === 'alert') {
    return {
      ...base,
      status: 'Actual',
      msgType: 'Alert',
      references: [],
      incidents,
      infos: infoPair(
        wordingOf(ep, 'alert'),
        draft.sentAtMs,
        ep.alertMs + 3 * HOUR_MS,
        draft.identifier,
      ),
    };
  }
  if (draft.stage === 'update') {
    return {
      ...base,
      status: 'Actual',
      msgType: 'Update',
      references: [referenceTo(ep, 'alert', seed)],
      incidents,
      infos: infoPair(wordingOf(ep, 'update'), draft.sentAtMs, ep.expiresMs, draft.identifier),
    };
  }
  const last = wordingOf(ep, 'update');
  const clear = ALL_CLEAR[ep.kind];
  const cancel: Wording = {
    ...last,
    responseTypes: ['AllClear'],
    urgency: 'Past',
    severity: 'Minor',
    certainty: 'Observed',
    headline: { vi: clear.vi, en: clear.en },
    description: { vi: clear.whatVi, en: clear.whatEn },
    instruction: {
      vi: 'Người dân tiếp tục theo dõi các bản tin dự báo, cảnh báo tiếp theo.',
      en: 'Keep following the forecasts and warnings.',
    },
  };
  return {
    ...base,
    status: 'Actual',
    msgType: 'Cancel',
    references: [referenceTo(ep, 'alert', seed), referenceTo(ep, 'update', seed)],
    incidents,
    infos: infoPair(cancel, draft.sentAtMs, draft.sentAtMs + HOUR_MS, draft.identifier),
  };
};

/**
 * The messages the station has published in the last 24 hours at `now` (sent within
 * (now − 24 h, now]), oldest first: Alerts, their Updates and Cancels, and any Test message.
 * At every instant at least one warning is live (Actual, not cancelled, not expired).
 */
export const capWarningsAt = (now: Date, seed: number): SimCapWarning[] => {
  const nowMs = Math.floor(now.getTime() / 1000) * 1000;
  const fromMs = nowMs - CAP_FEED_WINDOW_MS;
  const messages: SimCapWarning[] = [];
  for (let day = localDay(fromMs); day <= localDay(nowMs); day++) {
    for (const draft of dayMessages(day, seed)) {
      if (draft.sentAtMs > fromMs && draft.sentAtMs <= nowMs) {
        messages.push(buildMessage(draft, seed));
      }
    }
  }
  return messages;
};

/**
 * One message by its identifier, as `/sim/cap/alerts/<identifier>.xml` serves it; undefined
 * when there is no such message or it has not been sent yet at `now`.
 */
export const capWarningByIdentifier = (
  identifier: string,
  now: Date,
  seed: number,
): SimCapWarning | undefined => {
  const m = IDENTIFIER.exec(identifier);
  if (!m) return undefined;
  const dayMs = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (!Number.isFinite(dayMs)) return undefined;
  const draft = dayMessages(Math.floor(dayMs / DAY_MS), seed).find(
    (d) => d.identifier === identifier,
  );
  if (!draft || draft.sentAtMs > now.getTime()) return undefined;
  return buildMessage(draft, seed);
};
