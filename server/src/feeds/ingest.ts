import type { AlertEvent, Observation } from '@city-ioc/shared';
import type { AlertService } from '../alerts/service';
import type { Db } from '../store/db';
import { createFeedRepository } from '../store/feed-repository';
import { createObservationRepository } from '../store/observation-repository';

export interface IngestOptions {
  /**
   * Identity of the message (webhook id, CAP sender+identifier+sent, NGSI notification key).
   * Claimed in the same transaction as the data: a message seen before stores nothing.
   */
  receiptKey?: string;
}

export interface IngestOutcome {
  /** True when the message's receipt key had been seen: nothing was stored. */
  duplicate: boolean;
  /** Observations newly stored (a repeated value is not counted). */
  stored: Observation[];
  /** Values refused because their indicator is unknown. */
  unknownIndicators: string[];
  /** Alert events committed with the batch. */
  events: AlertEvent[];
}

export interface IngestDeps {
  db: Db;
  alerts: AlertService;
  clock: () => Date;
  /** Called after the commit, never before: publish, poke the relay, count. */
  onCommitted: (outcome: IngestOutcome & { feedId: string | null }) => void;
}

/**
 * The one path every observation takes into the store: one transaction stores the batch in
 * multi-row statements, evaluates the rules over the new values and appends the alert
 * events. The caller acknowledges its source only after this resolves.
 */
export const createIngestService = ({ db, alerts, clock, onCommitted }: IngestDeps) => ({
  async ingest(
    feedId: string | null,
    observations: readonly Observation[],
    options: IngestOptions = {},
  ): Promise<IngestOutcome> {
    const none: IngestOutcome = { duplicate: false, stored: [], unknownIndicators: [], events: [] };
    if (observations.length === 0 && !options.receiptKey) return none;
    const receivedAt = clock().toISOString();
    const outcome = await db.transaction(async (tx): Promise<IngestOutcome> => {
      if (options.receiptKey && feedId) {
        const isNew = await createFeedRepository(tx).claimReceipt(
          feedId,
          options.receiptKey,
          receivedAt,
        );
        if (!isNew) return { ...none, duplicate: true };
      }
      const wanted = [...new Set(observations.map((o) => o.indicatorId))];
      const known = new Set(
        (
          await tx.query<{ id: string }>('SELECT id FROM indicators WHERE id = ANY($1::text[])', [
            wanted,
          ])
        ).map((r) => r.id),
      );
      const accepted = observations.filter((o) => known.has(o.indicatorId));
      const stored = await createObservationRepository(tx).insertBatch(accepted, {
        feedId,
        receivedAt,
      });
      const events = await alerts.evaluate(tx, stored);
      return {
        duplicate: false,
        stored,
        unknownIndicators: wanted.filter((id) => !known.has(id)),
        events,
      };
    });
    onCommitted({ ...outcome, feedId });
    return outcome;
  },
});
export type IngestService = ReturnType<typeof createIngestService>;
