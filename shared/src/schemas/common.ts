import { z } from 'zod';

/** An ISO-8601 timestamp string in UTC at every boundary (HTTP, sockets, feeds). */
export const IsoDateTimeSchema = z.iso.datetime({ offset: true });
export type IsoDateTime = z.infer<typeof IsoDateTimeSchema>;

/** Identifier of a stored entity: short, URL-safe text. */
export const IdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:-]+$/, 'id may contain letters, digits, dot, underscore, colon and dash');

/** A text label in both UI languages. Vietnamese is required, English falls back to it. */
export const LocalizedTextSchema = z.object({
  vi: z.string().min(1).max(500),
  en: z.string().max(500).optional(),
});
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;
