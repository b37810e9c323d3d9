import { z } from 'zod';
import { AlertEventTypeSchema, AlertSchema } from '../schemas/alert';
import { IdSchema, IsoDateTimeSchema, LocalizedTextSchema } from '../schemas/common';
import { RoleSchema } from '../schemas/user';

/** What a person does to an alert; which ones apply depends on its status. */
export const AlertActionSchema = z.enum(['acknowledge', 'start', 'resolve', 'close']);
export type AlertAction = z.infer<typeof AlertActionSchema>;

export const AlertActionRequestSchema = z.object({
  action: AlertActionSchema,
  /** Optional words that go with the action (kept as a comment). */
  comment: z.string().trim().min(1).max(2_000).optional(),
});
export type AlertActionRequest = z.infer<typeof AlertActionRequestSchema>;

export const AlertAssignRequestSchema = z.object({ userId: IdSchema.nullable() });
export const AlertCommentRequestSchema = z.object({ body: z.string().trim().min(1).max(2_000) });

export const AlertCommentSchema = z.object({
  id: z.number().int(),
  author: z.string(),
  authorName: z.string(),
  /** Plain text, shown as text. */
  body: z.string(),
  at: IsoDateTimeSchema,
});
export type AlertComment = z.infer<typeof AlertCommentSchema>;

export const AlertTimelineEntrySchema = z.object({
  seq: z.number().int(),
  type: AlertEventTypeSchema,
  at: IsoDateTimeSchema,
  /** Who did it (a user name); null for the rule engine or a feed. */
  actor: z.string().nullable(),
});

/** One step of an alert's SOP checklist: who ticked it off and when (null: not done). */
export const AlertSopStepSchema = z.object({
  idx: z.number().int().nonnegative(),
  /** The rule's words, copied when the alert was raised; shown as text. */
  text: LocalizedTextSchema,
  doneBy: z.object({ userId: IdSchema, name: z.string() }).nullable(),
  doneAt: IsoDateTimeSchema.nullable(),
});
export type AlertSopStep = z.infer<typeof AlertSopStepSchema>;

export const AlertSopParamsSchema = z.object({
  id: IdSchema,
  idx: z.coerce.number().int().nonnegative().max(1_000),
});
/** Tick (`done: true`) or untick a step; repeating the same state changes nothing. */
export const AlertSopRequestSchema = z.object({ done: z.boolean() });
export type AlertSopRequest = z.infer<typeof AlertSopRequestSchema>;

export const AlertDetailSchema = z.object({
  alert: AlertSchema,
  comments: z.array(AlertCommentSchema),
  timeline: z.array(AlertTimelineEntrySchema),
  /** The SOP checklist, in the rule's order; empty when the rule had none. */
  sop: z.array(AlertSopStepSchema).default([]),
});
export type AlertDetail = z.infer<typeof AlertDetailSchema>;

export const AssigneesResponseSchema = z.array(
  z.object({ userId: IdSchema, name: z.string(), role: RoleSchema }),
);
