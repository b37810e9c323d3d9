import type { AreaGeometry, LngLat, Severity } from '@city-ioc/shared';
import { geometryCentroid } from '../../areas/parse-import';
import type { CapAlert } from './parse';
import {
  capAreaToGeometry,
  capIdentityKey,
  isLiveStatus,
  referencedKeys,
  selectInfo,
} from './select';

/** What one CAP message does to the IOC's alerts. */
export type CapAlertChange =
  /** Not shown as live: Test, Draft, System or Exercise status, Ack/Error messages, no info. */
  | { kind: 'ignore'; identity: string; reason: string }
  /** A new warning, or an Update of earlier ones (`references`), to show with its area. */
  | {
      kind: 'raise';
      identity: string;
      references: string[];
      title: { vi: string; en: string };
      severity: Severity;
      geometry: AreaGeometry | null;
      position: LngLat | null;
      sent: string;
      expires: string | null;
    }
  /** A Cancel: the referenced warnings end. */
  | { kind: 'cancel'; identity: string; references: string[] };

/** CAP severity on the IOC's scale; 'Unknown' shows as Minor rather than not at all. */
const toSeverity = (severity: string): Severity =>
  severity === 'Extreme' || severity === 'Severe' || severity === 'Moderate' ? severity : 'Minor';

const textOf = (info: { headline?: string | undefined; event: string } | undefined) =>
  info ? (info.headline ?? info.event).trim() : '';

/**
 * Decides what a parsed CAP message does. Pure. The Vietnamese title comes from the vi-VN
 * `<info>` when there is one (else the best available), the English from en-US/en.
 */
export const capAlertToChange = (alert: CapAlert): CapAlertChange => {
  const identity = capIdentityKey(alert);
  if (!isLiveStatus(alert.status)) {
    return { kind: 'ignore', identity, reason: `status ${alert.status} is never shown as live` };
  }
  const references = referencedKeys(alert);
  if (alert.msgType === 'Cancel') return { kind: 'cancel', identity, references };
  if (alert.msgType === 'Ack' || alert.msgType === 'Error') {
    return { kind: 'ignore', identity, reason: `msgType ${alert.msgType} carries no warning` };
  }
  const vi = selectInfo(alert);
  if (!vi) return { kind: 'ignore', identity, reason: 'the message has no <info>' };
  const en = selectInfo(alert, ['en-US', 'en', 'en-GB']) ?? vi;
  const multi = capAreaToGeometry(vi) ?? capAreaToGeometry(en);
  const geometry: AreaGeometry | null = multi
    ? { type: 'MultiPolygon', coordinates: multi.coordinates }
    : null;
  return {
    kind: 'raise',
    identity,
    references: alert.msgType === 'Update' ? references : [],
    title: { vi: textOf(vi) || alert.identifier, en: textOf(en) || textOf(vi) || alert.identifier },
    severity: toSeverity(vi.severity),
    geometry,
    position: geometry ? geometryCentroid(geometry) : null,
    sent: alert.sent,
    expires: vi.expires ?? null,
  };
};
