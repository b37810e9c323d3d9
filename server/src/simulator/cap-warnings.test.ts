import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../demo/prng';
import { HCMC_WARD_ROWS } from '../demo/wards';
import { type CapAlert, parseCapAlert } from '../feeds/cap/parse';
import { parseCapFeed } from '../feeds/cap/parse-feed';
import { capIdentityKey, isLiveStatus, referencedKeys, selectInfo } from '../feeds/cap/select';
import {
  CAP_FEED_WINDOW_MS,
  CAP_SENDER,
  CAP_SLOT_MS,
  capWarningByIdentifier,
  capWarningsAt,
  type SimCapWarning,
} from './cap-warnings';
import { capAlertXml, capAtomFeedXml } from './cap-xml';

const SEED = 168;
const HOUR = 3_600_000;
const hcmc = (iso: string) => new Date(`${iso}+07:00`);
const WEEK_START = hcmc('2025-11-03T00:00:00').getTime(); // a Monday
const WEEK_END = WEEK_START + 7 * 24 * HOUR;
const SELF = 'http://sim.test:8090/sim/cap/warnings.atom';

/** Random instants over the week, plus the seconds around every slot boundary. */
const sampleTimes = (() => {
  const random = mulberry32(7);
  const times: number[] = [];
  for (let i = 0; i < 150; i++) times.push(WEEK_START + Math.floor(random() * 7 * 24 * HOUR));
  for (let t = WEEK_START; t < WEEK_END; t += CAP_SLOT_MS) {
    for (const offset of [-1_000, 0, 1_000, 15 * 60_000]) times.push(t + offset);
  }
  return times.map((t) => new Date(t));
})();

/** Every distinct message sent during the week (and the day before), parsed once. */
const weekMessages = (() => {
  const byId = new Map<string, SimCapWarning>();
  for (let t = WEEK_START; t <= WEEK_END; t += 6 * HOUR) {
    for (const w of capWarningsAt(new Date(t), SEED)) byId.set(w.identifier, w);
  }
  return [...byId.values()].sort((a, b) => a.sentAtMs - b.sentAtMs);
})();
const parsedById = new Map<string, CapAlert>(
  weekMessages.map((w) => {
    const parsed = parseCapAlert(capAlertXml(w));
    if (!parsed.ok) throw new Error(`${w.identifier}: ${parsed.errors.join('; ')}`);
    return [w.identifier, parsed.alert];
  }),
);

/**
 * The warnings a subscriber holds after reading `alerts` oldest first, as the IOC does: an
 * Alert opens one, an Update replaces those it references, a Cancel closes them, anything but
 * Actual is ignored; then whatever has expired at `now` is dropped.
 */
const liveWarnings = (alerts: readonly CapAlert[], now: Date): CapAlert[] => {
  const open = new Map<string, CapAlert>();
  for (const alert of [...alerts].sort((a, b) => Date.parse(a.sent) - Date.parse(b.sent))) {
    if (!isLiveStatus(alert.status)) continue;
    for (const key of referencedKeys(alert)) open.delete(key);
    if (alert.msgType === 'Alert' || alert.msgType === 'Update') {
      open.set(capIdentityKey(alert), alert);
    }
  }
  return [...open.values()].filter((alert) => {
    const expires = selectInfo(alert)?.expires;
    return expires === undefined || Date.parse(expires) > now.getTime();
  });
};

describe('capWarningsAt', () => {
  it('publishes messages that parse with the IOC’s CAP parser without errors or warnings', () => {
    expect(weekMessages.length).toBeGreaterThan(150);
    for (const w of weekMessages) {
      const parsed = parseCapAlert(capAlertXml(w));
      expect(parsed.ok && parsed.warnings, w.identifier).toEqual([]);
    }
  });

  it('publishes an Atom feed the IOC parses, with a live warning from the first poll on', () => {
    for (const now of sampleTimes.filter((_, i) => i % 9 === 0)) {
      const warnings = capWarningsAt(now, SEED);
      const feed = parseCapFeed(capAtomFeedXml(warnings, now, SELF));
      expect(feed.ok, now.toISOString()).toBe(true);
      if (!feed.ok) continue;
      expect(feed.format).toBe('atom');
      expect(feed.warnings).toEqual([]);
      expect(feed.entries.map((e) => e.alert?.identifier).sort()).toEqual(
        warnings.map((w) => w.identifier).sort(),
      );
      for (const entry of feed.entries) {
        expect(entry.link).toBe(
          `http://sim.test:8090/sim/cap/alerts/${entry.alert?.identifier}.xml`,
        );
        expect(entry.updated).toBe(entry.alert?.sent);
      }
      // A fresh subscriber (no history) sees a live warning in its very first poll.
      const alerts = feed.entries.flatMap((e) => (e.alert ? [e.alert] : []));
      expect(liveWarnings(alerts, now).length, now.toISOString()).toBeGreaterThan(0);
    }
  }, 30_000);

  it('keeps the last 24 hours of messages, oldest first', () => {
    for (const now of sampleTimes) {
      const sent = capWarningsAt(now, SEED).map((w) => w.sentAtMs);
      expect(sent).toEqual([...sent].sort((a, b) => a - b));
      for (const t of sent) {
        expect(t).toBeLessThanOrEqual(now.getTime());
        expect(t).toBeGreaterThan(now.getTime() - CAP_FEED_WINDOW_MS);
      }
    }
  });

  it('has at least one live warning at every sampled instant', () => {
    // The feed embeds exactly these alerts (see above); parsed once each to keep this quick.
    for (const now of sampleTimes) {
      const alerts = capWarningsAt(now, SEED).map((w) => parsedById.get(w.identifier));
      expect(alerts.every((a) => a !== undefined)).toBe(true);
      const live = liveWarnings(
        alerts.filter((a): a is CapAlert => a !== undefined),
        now,
      );
      expect(live.length, now.toISOString()).toBeGreaterThan(0);
    }
  });

  it('makes every Update and Cancel reference earlier messages by sender,identifier,sent exactly', () => {
    const keys = new Map([...parsedById.values()].map((a) => [capIdentityKey(a), a]));
    let updates = 0;
    let cancels = 0;
    for (const alert of parsedById.values()) {
      if (Date.parse(alert.sent) < WEEK_START) continue;
      if (alert.msgType === 'Update') updates++;
      if (alert.msgType === 'Cancel') cancels++;
      if (alert.msgType === 'Alert') expect(alert.references).toEqual([]);
      else expect(alert.references.length).toBeGreaterThan(0);
      for (const key of referencedKeys(alert)) {
        const earlier = keys.get(key);
        expect(earlier, `${alert.identifier} → ${key}`).toBeDefined();
        expect(Date.parse(earlier?.sent ?? '')).toBeLessThan(Date.parse(alert.sent));
        expect(earlier?.sender).toBe(CAP_SENDER);
        expect(earlier?.status).toBe('Actual');
      }
    }
    expect(updates).toBeGreaterThan(40);
    expect(cancels).toBeGreaterThan(15);
  });

  it('updates raise the severity or extend the validity, and some warnings expire uncancelled', () => {
    let raised = 0;
    let extended = 0;
    let expired = 0;
    const cancelled = new Set(
      [...parsedById.values()]
        .filter((a) => a.msgType === 'Cancel')
        .flatMap((a) => referencedKeys(a)),
    );
    const rank = { Unknown: 0, Minor: 1, Moderate: 2, Severe: 3, Extreme: 4 };
    const byKey = new Map([...parsedById.values()].map((a) => [capIdentityKey(a), a]));
    for (const alert of parsedById.values()) {
      if (alert.msgType !== 'Update') continue;
      const previous = byKey.get(referencedKeys(alert)[0] ?? '');
      if (!previous) continue;
      const [now, before] = [selectInfo(alert), selectInfo(previous)];
      if (!now || !before) throw new Error('no info');
      expect(Date.parse(now.expires ?? '')).toBeGreaterThan(Date.parse(before.expires ?? ''));
      if (rank[now.severity] > rank[before.severity]) raised++;
      else extended++;
      if (!cancelled.has(capIdentityKey(alert))) expired++;
    }
    expect(raised).toBeGreaterThan(5);
    expect(extended).toBeGreaterThan(5);
    expect(expired).toBeGreaterThan(5);
  });

  it('issues tide, rain and heat warnings and now and then a Test message, never live', () => {
    const events = new Set(
      [...parsedById.values()].filter((a) => a.status === 'Actual').map((a) => a.infos[0]?.event),
    );
    expect(events).toEqual(new Set(['Triều cường', 'Mưa lớn, lốc, sét', 'Nắng nóng']));
    const tests = [...parsedById.values()].filter((a) => a.status === 'Test');
    expect(tests.length).toBeGreaterThan(0);
    expect(tests.length).toBeLessThan(8);
    for (const now of sampleTimes) {
      const alerts = capWarningsAt(now, SEED).map((w) => parsedById.get(w.identifier));
      const live = liveWarnings(
        alerts.filter((a): a is CapAlert => a !== undefined),
        now,
      );
      expect(live.every((a) => a.status === 'Actual')).toBe(true);
    }
  });

  it('writes identifiers, senders and times as the station does', () => {
    const ids = new Set<string>();
    for (const w of weekMessages) {
      expect(w.identifier).toMatch(/^VN-KTTVNB-\d{8}-\d{3}$/);
      expect(w.sender).toBe(CAP_SENDER);
      expect(w.sent).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
      expect(Date.parse(w.sent)).toBe(w.sentAtMs);
      // The identifier carries the local date of `sent`.
      expect(w.identifier.slice(10, 18)).toBe(w.sent.slice(0, 10).replaceAll('-', ''));
      expect(ids.has(w.identifier)).toBe(false);
      ids.add(w.identifier);
    }
  });

  it('writes two infos, Vietnamese first, and the IOC picks the Vietnamese one', () => {
    for (const alert of parsedById.values()) {
      expect(alert.infos.map((i) => i.language)).toEqual(['vi-VN', 'en-US']);
      const vi = selectInfo(alert);
      expect(vi?.language).toBe('vi-VN');
      expect(vi?.headline).toBeTruthy();
      expect(vi?.description).toBeTruthy();
      expect(vi?.instruction).toBeTruthy();
      expect(vi?.web).toMatch(/^https:\/\//);
      for (const info of alert.infos) {
        expect(info.categories.every((c) => c === 'Met' || c === 'Env')).toBe(true);
        expect(info.areas.length).toBeGreaterThan(0);
      }
    }
  });

  it('draws areas inside Ho Chi Minh City, as closed lat,lon polygons or circles', () => {
    const wardCodes = new Set(HCMC_WARD_ROWS.map((w) => w.code));
    const inCity = ([lng, lat]: readonly number[]) =>
      (lat ?? 0) >= 8.5 && (lat ?? 0) <= 11.5 && (lng ?? 0) >= 106 && (lng ?? 0) <= 107.6;
    for (const alert of parsedById.values()) {
      for (const area of alert.infos.flatMap((i) => i.areas)) {
        expect(area.polygons.length + area.circles.length).toBeGreaterThan(0);
        for (const ring of area.polygons) {
          expect(ring.length).toBeGreaterThanOrEqual(4);
          expect(ring[0]).toEqual(ring[ring.length - 1]);
          expect(ring.every(inCity), area.areaDesc).toBe(true);
        }
        for (const circle of area.circles) {
          expect(inCity(circle.center)).toBe(true);
          expect(circle.radiusKm).toBeGreaterThan(0);
          expect(circle.radiusKm).toBeLessThan(30);
        }
        for (const geocode of area.geocodes) expect(wardCodes).toContain(geocode.value);
        expect(area.areaDesc).toMatch(/Phường|Xã|Ward|Commune/);
      }
    }
  });

  it('is deterministic for a time and a seed, and depends on the seed', () => {
    const now = hcmc('2025-11-05T14:20:00');
    const feed = (seed: number) => capAtomFeedXml(capWarningsAt(now, seed), now, SELF);
    expect(feed(SEED)).toBe(feed(SEED));
    expect(feed(SEED)).not.toBe(feed(SEED + 1));
    // Within the same second, fractions do not matter.
    expect(capWarningsAt(new Date(now.getTime() + 999), SEED)).toEqual(capWarningsAt(now, SEED));
  });
});

describe('capWarningByIdentifier', () => {
  it('finds a published message by its identifier', () => {
    const now = hcmc('2025-11-06T09:00:00');
    for (const w of capWarningsAt(now, SEED)) {
      expect(capWarningByIdentifier(w.identifier, now, SEED)).toEqual(w);
    }
  });

  it('does not reveal messages before they are sent, nor unknown identifiers', () => {
    const now = hcmc('2025-11-06T09:00:00');
    const later = capWarningsAt(new Date(now.getTime() + 12 * HOUR), SEED).filter(
      (w) => w.sentAtMs > now.getTime(),
    );
    expect(later.length).toBeGreaterThan(0);
    for (const w of later) expect(capWarningByIdentifier(w.identifier, now, SEED)).toBeUndefined();
    expect(capWarningByIdentifier('VN-KTTVNB-20251106-999', now, SEED)).toBeUndefined();
    expect(capWarningByIdentifier('not-an-id', now, SEED)).toBeUndefined();
  });
});
