import type { AlertEvent, CapFeed } from '@city-ioc/shared';
import { createAlertRepository } from '../../store/alert-repository';
import type { Db, Queryable } from '../../store/db';
import { createFeedRepository } from '../../store/feed-repository';
import type { CapAlert } from './parse';
import { capAlertToChange } from './to-change';

export interface CapIngestOutcome {
  duplicate: boolean;
  /** Whether the message shows as a live warning (Actual Alert or Update). */
  isLive: boolean;
  alertId: string | null;
  events: AlertEvent[];
  /** Why a message changed nothing visible (test message, unknown reference…). */
  note: string | null;
}

export interface CapIngestDeps {
  db: Db;
  clock: () => Date;
  newId: () => string;
  /** Called after the commit: poke the relay. */
  onCommitted: (events: readonly AlertEvent[]) => void;
}

/** The earlier of two ISO times: a sender's clock running ahead must not date an alert in the future. */
const notAfter = (time: string, limit: string) =>
  Date.parse(time) > Date.parse(limit) ? limit : time;

const findAlertFor = async (tx: Queryable, feedId: string, identities: readonly string[]) => {
  if (identities.length === 0) return null;
  const rows = await tx.query<{ alert_id: string }>(
    `SELECT m.alert_id FROM cap_messages m JOIN alerts a ON a.id = m.alert_id
     WHERE m.feed_id = $1 AND m.identity_key = ANY($2::text[]) AND a.status <> 'resolved'
     ORDER BY m.received_at DESC LIMIT 1`,
    [feedId, identities],
  );
  return rows[0]?.alert_id ?? null;
};

/**
 * One CAP message into the IOC, in one transaction: idempotent by sender+identifier+sent; an
 * Alert raises an IOC alert with its area; an Update revises the alert of the messages it
 * references; a Cancel resolves it; Test/Draft/System/Exercise are recorded, never shown.
 */
export const createCapIngest = ({ db, clock, newId, onCommitted }: CapIngestDeps) => ({
  async ingest(feed: CapFeed, message: CapAlert): Promise<CapIngestOutcome> {
    const change = capAlertToChange(message);
    const at = clock().toISOString();
    const outcome = await db.transaction(async (tx): Promise<CapIngestOutcome> => {
      const isNew = await createFeedRepository(tx).claimReceipt(
        feed.id,
        `cap:${change.identity}`,
        at,
      );
      if (!isNew) return { duplicate: true, isLive: false, alertId: null, events: [], note: null };
      const alerts = createAlertRepository(tx);
      let alertId: string | null = null;
      let note: string | null = null;
      const events: AlertEvent[] = [];
      if (change.kind === 'ignore') {
        note = change.reason;
      } else if (change.kind === 'cancel') {
        alertId = await findAlertFor(tx, feed.id, change.references);
        const event = alertId ? await alerts.resolveById(alertId, at) : null;
        if (event) events.push(event);
        else note = 'the cancelled warning is not active here';
      } else if (change.expires && Date.parse(change.expires) <= Date.parse(at)) {
        // Already over when it arrived (a late delivery, or a feed's history): it ends what it
        // superseded and shows nothing new.
        alertId = await findAlertFor(tx, feed.id, change.references);
        const event = alertId ? await alerts.resolveById(alertId, at) : null;
        if (event) events.push(event);
        note = 'the warning had expired when it arrived';
      } else {
        alertId = await findAlertFor(tx, feed.id, change.references);
        const revised = alertId
          ? await alerts.revise(alertId, {
              ...change,
              expiresAt: change.expires,
              at: notAfter(change.sent, at),
            })
          : null;
        if (revised) {
          events.push(revised);
        } else {
          const raised = await alerts.raise({
            id: newId(),
            key: `cap:${feed.id}:${change.identity}`,
            ruleId: null,
            departmentId: feed.departmentId,
            indicatorId: null,
            subjectId: '',
            areaId: null,
            position: change.position,
            geometry: change.geometry,
            source: 'cap',
            expiresAt: change.expires,
            severity: change.severity,
            title: change.title,
            value: null,
            threshold: null,
            at: change.sent,
          });
          alertId = raised.alert.id;
          events.push(raised);
        }
      }
      await tx.query(
        `INSERT INTO cap_messages (feed_id, identity_key, alert_id, msg_type, status, received_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [feed.id, change.identity, alertId, message.msgType, message.status, at],
      );
      await createFeedRepository(tx).recordSuccess(feed.id, at, 0);
      return {
        duplicate: false,
        isLive: change.kind === 'raise' && note === null,
        alertId,
        events,
        note,
      };
    });
    if (outcome.events.length > 0) onCommitted(outcome.events);
    return outcome;
  },
});
export type CapIngest = ReturnType<typeof createCapIngest>;
