import {
  type Alert,
  type AlertComment,
  type AlertEvent,
  type AlertEventType,
  type AlertSopStep,
  coveringSilence,
  type DepartmentScope,
  type LocalizedText,
  type Severity,
} from '@city-ioc/shared';
import type { Db, Queryable } from './db';
import { toIso, toIsoOrNull, toNumber } from './rows';
import { createSilenceRepository } from './silence-repository';

/**
 * Key of the transaction-scoped advisory lock taken before an event gets its sequence number.
 * Held until commit, it makes sequence order equal commit order: an event with seq N+1 can
 * only be written once the transaction that wrote N has committed or rolled back.
 */
export const EVENT_LOG_LOCK = 720_250_002;

interface AlertRow {
  id: string;
  key: string;
  rule_id: string | null;
  department_id: string;
  indicator_id: string | null;
  subject_id: string;
  area_id: string | null;
  lng: number | null;
  lat: number | null;
  geometry: Alert['geometry'];
  source: Alert['source'];
  severity: Severity;
  status: Alert['status'];
  title_vi: string;
  title_en: string | null;
  value: number | null;
  threshold: number | null;
  occurrences: number;
  first_at: unknown;
  last_at: unknown;
  resolved_at: unknown;
  updated_at: unknown;
  version: number;
  assignee_id: string | null;
  assignee_name: string | null;
  closed_at: unknown;
  comment_count: number;
  sop_done: number;
  sop_total: number;
  silenced_until: unknown;
  silence_id: string | null;
  escalation_level: number;
  reminder_count: number;
  incident_id: string | null;
}

const ALERT_COLUMNS = `id, key, rule_id, department_id, indicator_id, subject_id, area_id, lng, lat,
  geometry, source, severity, status, title_vi, title_en, value, threshold, occurrences, first_at, last_at,
  resolved_at, updated_at, version, assignee_id, assignee_name, closed_at, comment_count,
  sop_done, sop_total, silenced_until, silence_id, escalation_level, reminder_count, incident_id`;

const toAlert = (r: AlertRow): Alert => ({
  id: r.id,
  key: r.key,
  ruleId: r.rule_id,
  departmentId: r.department_id,
  indicatorId: r.indicator_id,
  subjectId: r.subject_id,
  areaId: r.area_id,
  position: r.lng === null || r.lat === null ? null : [r.lng, r.lat],
  geometry: r.geometry ?? null,
  source: r.source,
  severity: r.severity,
  status: r.status,
  title: r.title_en ? { vi: r.title_vi, en: r.title_en } : { vi: r.title_vi },
  value: r.value,
  threshold: r.threshold,
  occurrences: r.occurrences,
  firstAt: toIso(r.first_at),
  lastAt: toIso(r.last_at),
  resolvedAt: toIsoOrNull(r.resolved_at),
  updatedAt: toIso(r.updated_at),
  version: r.version,
  assignee: r.assignee_id === null ? null : { userId: r.assignee_id, name: r.assignee_name ?? '' },
  closedAt: toIsoOrNull(r.closed_at),
  commentCount: r.comment_count,
  sopDone: r.sop_done,
  sopTotal: r.sop_total,
  silencedUntil: toIsoOrNull(r.silenced_until),
  silenceId: r.silence_id,
  escalationLevel: r.escalation_level,
  reminderCount: r.reminder_count,
  incidentId: r.incident_id,
});

interface EventRow {
  seq: unknown;
  type: AlertEventType;
  at: unknown;
  snapshot: Alert;
}
const LIFECYCLE_DEFAULTS = {
  assignee: null,
  closedAt: null,
  commentCount: 0,
  sopDone: 0,
  sopTotal: 0,
  silencedUntil: null,
  silenceId: null,
  escalationLevel: 0,
  reminderCount: 0,
  incidentId: null,
} as const;
const toEvent = (r: EventRow): AlertEvent => ({
  seq: toNumber(r.seq),
  type: r.type,
  at: toIso(r.at),
  // Snapshots written before the lifecycle fields existed get their defaults.
  alert: { ...LIFECYCLE_DEFAULTS, ...(r.snapshot as Partial<Alert>) } as Alert,
});

export interface RaiseInput {
  id: string;
  key: string;
  ruleId: string | null;
  departmentId: string;
  indicatorId: string | null;
  subjectId: string;
  areaId: string | null;
  position: [number, number] | null;
  geometry?: Alert['geometry'];
  source?: Alert['source'];
  /** When the alert ends by itself (CAP `expires`). */
  expiresAt?: string | null;
  severity: Severity;
  title: { vi: string; en?: string | undefined };
  value: number | null;
  threshold: number | null;
  at: string;
  /**
   * The rule's standard operating procedure: copied into the checklist of a new alert only.
   * An occurrence of an active alert keeps the checklist it was raised with.
   */
  sop?: readonly LocalizedText[];
}

/** Steps a new alert's checklist gets: the rule's, at most 30 (the rule schema's limit). */
const sopTotalOf = (input: RaiseInput) => Math.min(input.sop?.length ?? 0, 30);

const SEVERITY_RANK = `array_position(ARRAY['Minor','Moderate','Severe','Extreme']::text[], %s)`;

/** Alerts and their append-only event log. Write methods must run inside a transaction. */
export const createAlertRepository = (q: Queryable) => {
  const appendEvent = async (
    alert: Alert,
    type: AlertEventType,
    at: string,
    actor: string | null = null,
  ): Promise<AlertEvent> => {
    await q.query('SELECT pg_advisory_xact_lock($1)', [EVENT_LOG_LOCK]);
    const rows = await q.query<{ seq: unknown }>(
      `INSERT INTO alert_events (seq, alert_id, type, at, snapshot, actor)
       SELECT COALESCE(MAX(seq), 0) + 1, $1, $2, $3::timestamptz, $4::jsonb, $5 FROM alert_events
       RETURNING seq`,
      [alert.id, type, at, JSON.stringify(alert), actor],
    );
    return { seq: toNumber(rows[0]?.seq), type, at, alert };
  };

  /** The alert's SOP checklist, in order. */
  const sopSteps = async (id: string): Promise<AlertSopStep[]> => {
    const rows = await q.query<{
      idx: number;
      text_vi: string;
      text_en: string | null;
      done_by: string | null;
      done_by_name: string | null;
      done_at: unknown;
    }>(
      `SELECT idx, text_vi, text_en, done_by, done_by_name, done_at FROM alert_sop_steps
        WHERE alert_id = $1 ORDER BY idx`,
      [id],
    );
    return rows.map((r) => ({
      idx: r.idx,
      text: r.text_en ? { vi: r.text_vi, en: r.text_en } : { vi: r.text_vi },
      doneBy: r.done_by === null ? null : { userId: r.done_by, name: r.done_by_name ?? '' },
      doneAt: toIsoOrNull(r.done_at),
    }));
  };

  return {
    appendEvent,

    /**
     * Atomic create-or-update on the alert key: a new active alert, or one more occurrence of
     * the active one, keeping the highest severity. Appends `raised` or `updated`.
     */
    async raise(input: RaiseInput): Promise<AlertEvent> {
      const rows = await q.query<AlertRow & { inserted: boolean }>(
        `INSERT INTO alerts (id, key, rule_id, department_id, indicator_id, subject_id, area_id,
           lng, lat, severity, status, title_vi, title_en, value, threshold, occurrences,
           first_at, last_at, updated_at, version, geometry, source, expires_at, sop_total)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,'open',$11,$12,$13,$14,1,$15,$15,$15,1,$16::jsonb,$17,$18,$19)
         ON CONFLICT (key) WHERE status <> 'resolved' DO UPDATE SET
           occurrences = alerts.occurrences + 1,
           severity = CASE WHEN ${SEVERITY_RANK.replace('%s', 'excluded.severity')} >
             ${SEVERITY_RANK.replace('%s', 'alerts.severity')} THEN excluded.severity ELSE alerts.severity END,
           -- An alert that became Extreme is never silenced.
           silenced_until = CASE WHEN excluded.severity = 'Extreme' THEN NULL ELSE alerts.silenced_until END,
           silence_id = CASE WHEN excluded.severity = 'Extreme' THEN NULL ELSE alerts.silence_id END,
           value = excluded.value, threshold = excluded.threshold,
           last_at = GREATEST(alerts.last_at, excluded.last_at),
           updated_at = excluded.updated_at, version = alerts.version + 1
         RETURNING ${ALERT_COLUMNS}, (xmax = 0) AS inserted`,
        [
          input.id,
          input.key,
          input.ruleId,
          input.departmentId,
          input.indicatorId,
          input.subjectId,
          input.areaId,
          input.position?.[0] ?? null,
          input.position?.[1] ?? null,
          input.severity,
          input.title.vi,
          input.title.en ?? null,
          input.value,
          input.threshold,
          input.at,
          input.geometry ? JSON.stringify(input.geometry) : null,
          input.source ?? 'rule',
          input.expiresAt ?? null,
          sopTotalOf(input),
        ],
      );
      const row = rows[0];
      if (!row) throw new Error('raise returned no row');
      if (!row.inserted) return appendEvent(toAlert(row), 'updated', input.at);
      let alert = toAlert(row);
      const steps = (input.sop ?? []).slice(0, alert.sopTotal);
      for (const [idx, step] of steps.entries()) {
        await q.query(
          'INSERT INTO alert_sop_steps (alert_id, idx, text_vi, text_en) VALUES ($1, $2, $3, $4)',
          [alert.id, idx, step.vi, step.en ?? null],
        );
      }
      // Raised inside a silence or maintenance window: its notifications are held back.
      const silences = await createSilenceRepository(q).inForce(input.at);
      const covering = coveringSilence(silences, alert, new Date(input.at));
      if (covering) {
        const silenced = await q.query<AlertRow>(
          `UPDATE alerts SET silenced_until = $2, silence_id = $3 WHERE id = $1
           RETURNING ${ALERT_COLUMNS}`,
          [alert.id, covering.endsAt, covering.id],
        );
        if (silenced[0]) alert = toAlert(silenced[0]);
      }
      return appendEvent(alert, 'raised', input.at);
    },

    /** Resolves the active alert of `key`, if any. */
    async resolveByKey(key: string, at: string, value: number | null): Promise<AlertEvent | null> {
      const rows = await q.query<AlertRow>(
        `UPDATE alerts SET status = 'resolved', resolved_at = $2, updated_at = $2,
           value = COALESCE($3, value), version = version + 1
         WHERE key = $1 AND status <> 'resolved' RETURNING ${ALERT_COLUMNS}`,
        [key, at, value],
      );
      const row = rows[0];
      return row ? appendEvent(toAlert(row), 'resolved', at) : null;
    },

    /**
     * Revises an active alert in place (a CAP Update): new title, severity, area and time,
     * one more occurrence. Returns null when the alert is no longer active.
     */
    async revise(
      id: string,
      change: {
        title: { vi: string; en?: string | undefined };
        severity: Severity;
        geometry: Alert['geometry'];
        position: [number, number] | null;
        expiresAt: string | null;
        at: string;
      },
    ): Promise<AlertEvent | null> {
      const rows = await q.query<AlertRow>(
        `UPDATE alerts SET title_vi = $2, title_en = $3, severity = $4, geometry = $5::jsonb,
           lng = $6, lat = $7, last_at = GREATEST(last_at, $8::timestamptz), updated_at = $8,
           expires_at = $9,
           silenced_until = CASE WHEN $4 = 'Extreme' THEN NULL ELSE silenced_until END,
           silence_id = CASE WHEN $4 = 'Extreme' THEN NULL ELSE silence_id END,
           occurrences = occurrences + 1, version = version + 1
         WHERE id = $1 AND status <> 'resolved' RETURNING ${ALERT_COLUMNS}`,
        [
          id,
          change.title.vi,
          change.title.en ?? null,
          change.severity,
          change.geometry ? JSON.stringify(change.geometry) : null,
          change.position?.[0] ?? null,
          change.position?.[1] ?? null,
          change.at,
          change.expiresAt,
        ],
      );
      const row = rows[0];
      return row ? appendEvent(toAlert(row), 'updated', change.at) : null;
    },

    /** Resolves every active alert whose `expires_at` has passed; returns their events. */
    async resolveExpired(now: string): Promise<AlertEvent[]> {
      const rows = await q.query<AlertRow>(
        `UPDATE alerts SET status = 'resolved', resolved_at = expires_at, updated_at = $1,
           version = version + 1
         WHERE status <> 'resolved' AND expires_at IS NOT NULL AND expires_at <= $1
         RETURNING ${ALERT_COLUMNS}`,
        [now],
      );
      const events: AlertEvent[] = [];
      for (const row of rows) events.push(await appendEvent(toAlert(row), 'resolved', now));
      return events;
    },

    /** Resolves an active alert by id (a CAP Cancel); null when it is not active. */
    async resolveById(id: string, at: string): Promise<AlertEvent | null> {
      const rows = await q.query<AlertRow>(
        `UPDATE alerts SET status = 'resolved', resolved_at = $2, updated_at = $2, version = version + 1
         WHERE id = $1 AND status <> 'resolved' RETURNING ${ALERT_COLUMNS}`,
        [id, at],
      );
      const row = rows[0];
      return row ? appendEvent(toAlert(row), 'resolved', at) : null;
    },

    /**
     * Acknowledges an open alert. Acknowledging again is not an error and appends nothing.
     * Returns null when the alert does not exist.
     */
    async acknowledge(
      id: string,
      at: string,
      actor: string | null = null,
    ): Promise<{ alert: Alert; event: AlertEvent | null } | null> {
      const rows = await q.query<AlertRow>(
        `UPDATE alerts SET status = 'acknowledged', updated_at = $2, version = version + 1
         WHERE id = $1 AND status = 'open' RETURNING ${ALERT_COLUMNS}`,
        [id, at],
      );
      const row = rows[0];
      if (row) {
        const alert = toAlert(row);
        return { alert, event: await appendEvent(alert, 'acknowledged', at, actor) };
      }
      const current = await q.query<AlertRow>(`SELECT ${ALERT_COLUMNS} FROM alerts WHERE id = $1`, [
        id,
      ]);
      return current[0] ? { alert: toAlert(current[0]), event: null } : null;
    },

    /**
     * Applies a lifecycle step decided by `applyAction` (status, and closing), appending its
     * event with who did it. Returns null when the alert changed meanwhile (the caller
     * re-reads and decides again).
     */
    async applyStep(
      id: string,
      step: { status: Alert['status']; close: boolean; event: AlertEventType },
      expectedVersion: number,
      at: string,
      actor: string,
    ): Promise<AlertEvent | null> {
      const rows = await q.query<AlertRow>(
        `UPDATE alerts SET status = $2, updated_at = $3, version = version + 1,
           resolved_at = CASE WHEN $2 = 'resolved' THEN COALESCE(resolved_at, $3) ELSE resolved_at END,
           closed_at = CASE WHEN $4 THEN $3 ELSE closed_at END
         WHERE id = $1 AND version = $5 RETURNING ${ALERT_COLUMNS}`,
        [id, step.status, at, step.close, expectedVersion],
      );
      const row = rows[0];
      return row ? appendEvent(toAlert(row), step.event, at, actor) : null;
    },

    /** Sets or clears who handles an alert; appends `assigned`. */
    async assign(
      id: string,
      assignee: { userId: string; name: string } | null,
      at: string,
      actor: string,
    ): Promise<AlertEvent | null> {
      const rows = await q.query<AlertRow>(
        `UPDATE alerts SET assignee_id = $2, assignee_name = $3, updated_at = $4,
           version = version + 1
         WHERE id = $1 RETURNING ${ALERT_COLUMNS}`,
        [id, assignee?.userId ?? null, assignee?.name ?? null, at],
      );
      const row = rows[0];
      return row ? appendEvent(toAlert(row), 'assigned', at, actor) : null;
    },

    /** Adds a comment (plain text) and appends `commented`, so every viewer sees it live. */
    async addComment(
      id: string,
      comment: { author: string; authorName: string; body: string },
      at: string,
    ): Promise<{ comment: AlertComment; event: AlertEvent } | null> {
      const rows = await q.query<AlertRow>(
        `UPDATE alerts SET comment_count = comment_count + 1, updated_at = $2,
           version = version + 1
         WHERE id = $1 RETURNING ${ALERT_COLUMNS}`,
        [id, at],
      );
      const row = rows[0];
      if (!row) return null;
      const inserted = await q.query<{ id: unknown }>(
        `INSERT INTO alert_comments (alert_id, author, author_name, body, at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [id, comment.author, comment.authorName, comment.body, at],
      );
      const event = await appendEvent(toAlert(row), 'commented', at, comment.author);
      return { comment: { id: toNumber(inserted[0]?.id), ...comment, at }, event };
    },

    /** Comments, oldest first, and the alert's timeline from its events. */
    async history(id: string) {
      const comments = await q.query<{
        id: unknown;
        author: string;
        author_name: string;
        body: string;
        at: unknown;
      }>(
        'SELECT id, author, author_name, body, at FROM alert_comments WHERE alert_id = $1 ORDER BY id',
        [id],
      );
      const events = await q.query<{
        seq: unknown;
        type: AlertEventType;
        at: unknown;
        actor: string | null;
      }>('SELECT seq, type, at, actor FROM alert_events WHERE alert_id = $1 ORDER BY seq', [id]);
      const sop = await sopSteps(id);
      return {
        sop,
        comments: comments.map((c) => ({
          id: toNumber(c.id),
          author: c.author,
          authorName: c.author_name,
          body: c.body,
          at: toIso(c.at),
        })),
        timeline: events.map((e) => ({
          seq: toNumber(e.seq),
          type: e.type,
          at: toIso(e.at),
          actor: e.actor,
        })),
      };
    },

    /** The alert, locked until the transaction ends (a checklist step is decided on it). */
    async findForUpdate(id: string): Promise<Alert | null> {
      const rows = await q.query<AlertRow>(
        `SELECT ${ALERT_COLUMNS} FROM alerts WHERE id = $1 FOR UPDATE`,
        [id],
      );
      return rows[0] ? toAlert(rows[0]) : null;
    },

    sopSteps,

    /**
     * Ticks (`doneBy` given) or unticks a checklist step, recounts the alert's done steps and
     * appends `checklist` with who did it. The caller decided it is a change (`checklistChange`)
     * on the alert it locked.
     */
    async setSopStep(
      id: string,
      idx: number,
      doneBy: { userId: string; name: string } | null,
      at: string,
      actor: string,
    ): Promise<AlertEvent | null> {
      await q.query(
        `UPDATE alert_sop_steps SET done_by = $3, done_by_name = $4, done_at = $5
          WHERE alert_id = $1 AND idx = $2`,
        [id, idx, doneBy?.userId ?? null, doneBy?.name ?? null, doneBy ? at : null],
      );
      const rows = await q.query<AlertRow>(
        `UPDATE alerts SET updated_at = $2, version = version + 1,
           sop_done = (SELECT count(*) FROM alert_sop_steps WHERE alert_id = $1 AND done_at IS NOT NULL)
         WHERE id = $1 RETURNING ${ALERT_COLUMNS}`,
        [id, at],
      );
      const row = rows[0];
      return row ? appendEvent(toAlert(row), 'checklist', at, actor) : null;
    },

    /**
     * Sets (or clears, with nulls) the silence covering an active alert and appends `silenced`.
     * Null when the alert is no longer active or already stands so.
     */
    async setSilence(
      id: string,
      silence: { id: string; endsAt: string } | null,
      at: string,
      actor: string | null,
    ): Promise<AlertEvent | null> {
      const rows = await q.query<AlertRow>(
        `UPDATE alerts SET silenced_until = $2, silence_id = $3, updated_at = $4,
           version = version + 1
         WHERE id = $1 AND status <> 'resolved'
           AND (silence_id IS DISTINCT FROM $3 OR silenced_until IS DISTINCT FROM $2::timestamptz)
         RETURNING ${ALERT_COLUMNS}`,
        [id, silence?.endsAt ?? null, silence?.id ?? null, at],
      );
      const row = rows[0];
      return row ? appendEvent(toAlert(row), 'silenced', at, actor) : null;
    },

    /** Active alerts, or those a silence covers (`silenceId`), locked for the change. */
    async activeForSilencing(silenceId?: string): Promise<Alert[]> {
      const rows = await q.query<AlertRow>(
        `SELECT ${ALERT_COLUMNS} FROM alerts
          WHERE status <> 'resolved' AND ($1::text IS NULL OR silence_id = $1)
          ORDER BY id FOR UPDATE`,
        [silenceId ?? null],
      );
      return rows.map(toAlert);
    },

    async findById(id: string): Promise<Alert | null> {
      const rows = await q.query<AlertRow>(`SELECT ${ALERT_COLUMNS} FROM alerts WHERE id = $1`, [
        id,
      ]);
      return rows[0] ? toAlert(rows[0]) : null;
    },

    async eventsAfter(afterSeq: number, limit: number): Promise<AlertEvent[]> {
      const rows = await q.query<EventRow>(
        'SELECT seq, type, at, snapshot FROM alert_events WHERE seq > $1 ORDER BY seq LIMIT $2',
        [afterSeq, limit],
      );
      return rows.map(toEvent);
    },

    /**
     * A page of the event log after `afterSeq` that a principal of `scope` may see. The head is
     * read first and the page never goes past it: every event up to that head has committed
     * (sequence follows commit order), so `throughSeq` promises the page is complete up to it.
     */
    async eventsPage(
      afterSeq: number,
      limit: number,
      scope: DepartmentScope,
    ): Promise<{ events: AlertEvent[]; throughSeq: number; headSeq: number; hasMore: boolean }> {
      const head = await q.query<{ head: unknown }>(
        'SELECT COALESCE(MAX(seq), 0) AS head FROM alert_events',
      );
      const headSeq = toNumber(head[0]?.head ?? 0);
      const departments = scope.all ? null : [...scope.departmentIds];
      const rows = await q.query<EventRow>(
        `SELECT seq, type, at, snapshot FROM alert_events
          WHERE seq > $1 AND seq <= $2
            AND ($4::text[] IS NULL OR snapshot->>'departmentId' = ANY($4::text[]))
          ORDER BY seq LIMIT $3`,
        [afterSeq, headSeq, limit + 1, departments],
      );
      const events = rows.slice(0, limit).map(toEvent);
      const hasMore = rows.length > limit;
      const throughSeq = hasMore ? (events.at(-1)?.seq ?? afterSeq) : Math.max(headSeq, afterSeq);
      return { events, throughSeq, headSeq, hasMore };
    },

    async headSeq(): Promise<number> {
      const rows = await q.query<{ head: unknown }>(
        'SELECT COALESCE(MAX(seq), 0) AS head FROM alert_events',
      );
      return toNumber(rows[0]?.head ?? 0);
    },
  };
};
export type AlertRepository = ReturnType<typeof createAlertRepository>;

/**
 * Every alert (active only, or all recent) as of one event sequence, read in one
 * repeatable-read transaction so that applying events after `asOfSeq` is exact.
 */
export const readAlertSnapshot = (
  db: Db,
  options: { activeOnly: boolean; limit: number; scope?: DepartmentScope },
) =>
  db.transaction(
    async (tx) => {
      const head = await tx.query<{ head: unknown }>(
        'SELECT COALESCE(MAX(seq), 0) AS head FROM alert_events',
      );
      const departments =
        !options.scope || options.scope.all ? null : [...options.scope.departmentIds];
      const rows = await tx.query<AlertRow>(
        `SELECT ${ALERT_COLUMNS} FROM alerts
          WHERE ($2::text[] IS NULL OR department_id = ANY($2::text[]))
          ${options.activeOnly ? "AND status <> 'resolved'" : ''}
         ORDER BY last_at DESC LIMIT $1`,
        [options.limit, departments],
      );
      return { alerts: rows.map(toAlert), asOfSeq: toNumber(head[0]?.head ?? 0) };
    },
    { isolation: 'repeatable read' },
  );
