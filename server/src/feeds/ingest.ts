import type { AlertEvent, Observation } from '@city-ioc/shared';
import type { AlertService } from '../alerts/service';
import type { Db } from '../store/db';
import { createObservationRepository } from '../store/observation-repository';

export interface IngestOutcome {
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
  ): Promise<IngestOutcome> {
    if (observations.length === 0) return { stored: [], unknownIndicators: [], events: [] };
    const receivedAt = clock().toISOString();
    const outcome = await db.transaction(async (tx) => {
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
      return { stored, unknownIndicators: wanted.filter((id) => !known.has(id)), events };
    });
    onCommitted({ ...outcome, feedId });
    return outcome;
  },
});
export type IngestService = ReturnType<typeof createIngestService>;
