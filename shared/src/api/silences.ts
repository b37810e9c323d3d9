import { z } from 'zod';
import { IdSchema, IsoDateTimeSchema } from '../schemas/common';
import { SeveritySchema } from '../schemas/severity';

/** Severities a silence may name: an Extreme alert is never silenced. */
export const SilenceableSeveritySchema = SeveritySchema.exclude(['Extreme']);

/**
 * Which alerts a silence covers: every matcher given must match (`matchesSilence`). At least
 * one of department, rule, indicator, area or subject is required, so that nobody silences the
 * whole city by accident.
 */
export const SilenceMatchersSchema = z
  .object({
    departmentId: IdSchema.optional(),
    ruleId: IdSchema.optional(),
    indicatorId: IdSchema.optional(),
    areaId: IdSchema.optional(),
    subjectId: z.string().min(1).max(128).optional(),
    /** Only these severities (Minor, Moderate, Severe); every silenceable one when absent. */
    severities: z.array(SilenceableSeveritySchema).min(1).max(3).optional(),
  })
  .strict()
  .refine(
    (m) =>
      m.departmentId !== undefined ||
      m.ruleId !== undefined ||
      m.indicatorId !== undefined ||
      m.areaId !== undefined ||
      m.subjectId !== undefined,
    { message: 'give at least a department, rule, indicator, area or subject' },
  );
export type SilenceMatchers = z.infer<typeof SilenceMatchersSchema>;

/** A silence (from now) or a maintenance window (planned, starting later). */
export const SilenceKindSchema = z.enum(['silence', 'maintenance']);
export type SilenceKind = z.infer<typeof SilenceKindSchema>;

/** Where a silence stands at a given time (`silenceState`). */
export const SilenceStateSchema = z.enum(['scheduled', 'active', 'expired', 'cancelled']);
export type SilenceState = z.infer<typeof SilenceStateSchema>;

export const SilenceSchema = z.object({
  id: IdSchema,
  kind: SilenceKindSchema,
  matchers: SilenceMatchersSchema,
  startsAt: IsoDateTimeSchema,
  endsAt: IsoDateTimeSchema,
  /** Plain text, shown as text. */
  reason: z.string(),
  createdBy: z.string(),
  createdByName: z.string(),
  createdAt: IsoDateTimeSchema,
  cancelledAt: IsoDateTimeSchema.nullable(),
  cancelledBy: z.string().nullable(),
  /** Where it stands when the server answered. */
  state: SilenceStateSchema,
});
export type Silence = z.infer<typeof SilenceSchema>;

/** The longest silence or window: 30 days. */
export const MAX_SILENCE_MINUTES = 30 * 24 * 60;

/**
 * A new silence. Its end is `endsAt`, or `durationMinutes` after its start (the server's now
 * when `startsAt` is absent). A start in the future makes it a maintenance window.
 */
export const SilenceCreateSchema = z
  .object({
    matchers: SilenceMatchersSchema,
    startsAt: IsoDateTimeSchema.optional(),
    endsAt: IsoDateTimeSchema.optional(),
    durationMinutes: z.number().int().min(1).max(MAX_SILENCE_MINUTES).optional(),
    reason: z.string().trim().min(1).max(500),
  })
  .refine((b) => (b.endsAt === undefined) !== (b.durationMinutes === undefined), {
    message: 'give either endsAt or durationMinutes',
    path: ['endsAt'],
  });
export type SilenceCreate = z.infer<typeof SilenceCreateSchema>;

export const SilencesQuerySchema = z.object({
  /** true: scheduled and active ones only; false: expired and cancelled ones; absent: all. */
  active: z.enum(['true', 'false']).optional(),
});

export const SilencesResponseSchema = z.array(SilenceSchema);
export const SilenceIdParamsSchema = z.object({ id: IdSchema });
