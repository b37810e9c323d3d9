import { z } from 'zod';

/** CAP 1.2 severity scale, least to most severe order is defined in domain/severity. */
export const SeveritySchema = z.enum(['Minor', 'Moderate', 'Severe', 'Extreme']);
export type Severity = z.infer<typeof SeveritySchema>;
