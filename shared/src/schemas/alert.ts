import { z } from 'zod';
import { IdSchema, IsoDateTimeSchema, LocalizedTextSchema } from './common';
import { AreaGeometrySchema, LngLatSchema } from './geo';
import { SeveritySchema } from './severity';

/**
 * Open → Acknowledged → In progress → Resolved; a resolved alert that was reviewed is closed
 * (`closedAt`). Open, acknowledged and in progress are active.
 */
export const AlertStatusSchema = z.enum(['open', 'acknowledged', 'in_progress', 'resolved']);
export type AlertStatus = z.infer<typeof AlertStatusSchema>;

/** An alert as every client sees it. `version` grows by one with each change. */
export const AlertSchema = z.object({
  id: IdSchema,
  /** Deterministic identity: one alert per rule and subject while it is active. */
  key: z.string().min(1).max(300),
  ruleId: IdSchema.nullable(),
  departmentId: IdSchema,
  indicatorId: IdSchema.nullable(),
  subjectId: z.string().max(128),
  areaId: IdSchema.nullable(),
  position: LngLatSchema.nullable(),
  /** The alert's area (a CAP warning's polygons and circles), drawn on the map; null for a point. */
  geometry: AreaGeometrySchema.nullable().default(null),
  /** Where the alert came from: a rule of the IOC, or a CAP message of a feed. */
  source: z.enum(['rule', 'cap']).default('rule'),
  severity: SeveritySchema,
  status: AlertStatusSchema,
  title: LocalizedTextSchema,
  value: z.number().nullable(),
  threshold: z.number().nullable(),
  occurrences: z.number().int().positive(),
  firstAt: IsoDateTimeSchema,
  lastAt: IsoDateTimeSchema,
  resolvedAt: IsoDateTimeSchema.nullable(),
  updatedAt: IsoDateTimeSchema,
  version: z.number().int().positive(),
  /** Who handles it; null when nobody was assigned. */
  assignee: z.object({ userId: IdSchema, name: z.string() }).nullable().default(null),
  /** When a resolved alert was reviewed and closed. */
  closedAt: IsoDateTimeSchema.nullable().default(null),
  commentCount: z.number().int().nonnegative().default(0),
  /** Steps of the rule's standard operating procedure ticked off, out of `sopTotal`. */
  sopDone: z.number().int().nonnegative().default(0),
  /** Steps of the checklist copied from the rule when the alert was raised (0: none). */
  sopTotal: z.number().int().nonnegative().default(0),
  /**
   * Notifications of this alert are held back until then (a silence or maintenance window
   * covers it); the alert is still stored, listed and shown. Null, or a past time: not silenced.
   * Never set on an Extreme alert.
   */
  silencedUntil: IsoDateTimeSchema.nullable().default(null),
  /** The silence that set `silencedUntil`. */
  silenceId: IdSchema.nullable().default(null),
  /** 1 once nobody acknowledged it in time and it went to the next level; 0 before. */
  escalationLevel: z.number().int().nonnegative().default(0),
  /** Reminders sent while it stayed unacknowledged. */
  reminderCount: z.number().int().nonnegative().default(0),
  /** The incident that groups it with other alerts of its ward and time; null when alone. */
  incidentId: IdSchema.nullable().default(null),
});
export type Alert = z.infer<typeof AlertSchema>;

export const AlertEventTypeSchema = z.enum([
  'raised',
  'updated',
  'acknowledged',
  'progressed',
  'assigned',
  'commented',
  'resolved',
  'closed',
  'escalated',
  'reminded',
  /** A step of the SOP checklist was ticked or unticked. */
  'checklist',
  /** A silence started or stopped covering the alert (see `silencedUntil`). */
  'silenced',
]);
export type AlertEventType = z.infer<typeof AlertEventTypeSchema>;

/**
 * One entry of the append-only alert event log. `seq` is gap-free and follows commit order,
 * so a client that has applied seq N needs exactly N+1 next.
 */
export const AlertEventSchema = z.object({
  seq: z.number().int().positive(),
  type: AlertEventTypeSchema,
  at: IsoDateTimeSchema,
  alert: AlertSchema,
});
export type AlertEvent = z.infer<typeof AlertEventSchema>;
