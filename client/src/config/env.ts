import { z } from 'zod';

/**
 * Build-time settings from `VITE_` variables. This is the only module that reads
 * `import.meta.env`; everything runtime-specific (city, map, time zone) comes from `/api/config`.
 */
const EnvSchema = z.object({
  /** Origin of the API server; empty means the page's own origin (the normal deployment). */
  VITE_API_BASE_URL: z
    .union([z.literal(''), z.url({ protocol: /^https?$/ })])
    .default('')
    .transform((url) => url.replace(/\/+$/, '')),
  DEV: z.boolean().default(false),
});

const parsed = EnvSchema.safeParse(import.meta.env);
if (!parsed.success) {
  // Fail fast with every problem listed, as the server does for its own environment.
  throw new Error(
    `Invalid client environment:\n${parsed.error.issues
      .map((issue) => `- ${issue.path.join('.')}: ${issue.message}`)
      .join('\n')}`,
  );
}

export const env = {
  apiBaseUrl: parsed.data.VITE_API_BASE_URL,
  isDev: parsed.data.DEV,
} as const;
