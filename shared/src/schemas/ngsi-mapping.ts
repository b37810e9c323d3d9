import { z } from 'zod';
import { IdSchema } from './common';

const NameSchema = z.string().min(1).max(256);

const isRegExp = (pattern: string): boolean => {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
};

/**
 * How a department's NGSI entities become observations. Type and attribute names may be short
 * names or expanded URIs; both are compared by their short name.
 */
export const NgsiMappingSchema = z.object({
  /** Only entities of these types are mapped; all types when absent. */
  entityTypes: z.array(NameSchema).min(1).max(100).optional(),
  /** Prefix added to the entity id (or to the part `idPattern` captures) to form the site id. */
  subjectPrefix: z
    .string()
    .max(64)
    .regex(/^[A-Za-z0-9._:-]*$/, 'subjectPrefix may contain letters, digits and . _ : -')
    .optional(),
  /**
   * Regular expression matched against the entity id; its first capture group (else the whole
   * match) replaces the id, e.g. `^urn:ngsi-ld:[^:]+:(.+)$`. Entities whose id does not match are
   * skipped and reported.
   */
  idPattern: z
    .string()
    .min(1)
    .max(256)
    .refine(isRegExp, 'idPattern must be a valid regular expression')
    .optional(),
  /** Entity id → site id ('' for the whole city); takes precedence over prefix and pattern. */
  subjectMap: z.record(NameSchema, z.union([IdSchema, z.literal('')])).optional(),
  /**
   * Entity attributes whose value is the entity's observation time, used for attributes without
   * their own `observedAt`; the first readable one wins. Defaults to `['dateObserved']`; many
   * Smart Data Models (FloodMonitoring, OffStreetParking) use `observationDateTime`.
   */
  timeAttributes: z.array(NameSchema).min(1).max(10).optional(),
  /** Which attribute feeds which indicator; `scale` multiplies the value (unit conversion). */
  attributes: z
    .array(
      z.object({
        attribute: NameSchema,
        indicatorId: IdSchema,
        scale: z
          .number()
          .refine((n) => n !== 0, 'scale must not be 0')
          .optional(),
      }),
    )
    .min(1)
    .max(50),
});
export type NgsiMapping = z.infer<typeof NgsiMappingSchema>;
