import { z } from 'zod';
import { IdSchema, IsoDateTimeSchema } from './common';

/**
 * Who may do what:
 * - admin: everything, configuration and users included;
 * - operator: the whole city, acts on alerts, configures nothing;
 * - department_head: their departments only, acts on those alerts;
 * - viewer: reads, acts on nothing (whole city, or some departments when given).
 */
export const RoleSchema = z.enum(['admin', 'operator', 'department_head', 'viewer']);
export type Role = z.infer<typeof RoleSchema>;

export const UsernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,64}$/, '3–64 letters, digits, dot, dash or underscore');

/** At least 12 characters: long passphrases beat complexity rules (NIST SP 800-63B). */
export const PasswordSchema = z.string().min(12, 'at least 12 characters').max(256);

export const UserSchema = z.object({
  id: IdSchema,
  username: z.string(),
  displayName: z.string().max(200),
  role: RoleSchema,
  /** Department heads: the departments they run; viewers: a restriction (empty = whole city). */
  departmentIds: z.array(IdSchema),
  isDisabled: z.boolean(),
  createdAt: IsoDateTimeSchema,
  lastSignInAt: IsoDateTimeSchema.nullable(),
});
export type User = z.infer<typeof UserSchema>;

/** A wall screen's identity: read-only, scoped, revocable. Its secret is shown once. */
export const DisplayTokenSchema = z.object({
  id: IdSchema,
  name: z.string().min(1).max(200),
  /** Empty = every department. */
  departmentIds: z.array(IdSchema),
  /** Scenes the screen may show (wall playlists); empty = all. */
  scenes: z.array(z.string().min(1).max(64)).max(50),
  createdAt: IsoDateTimeSchema,
  createdBy: z.string(),
  revokedAt: IsoDateTimeSchema.nullable(),
  lastSeenAt: IsoDateTimeSchema.nullable(),
  /** What the screen last said it shows (its heartbeat, e.g. "wall:programme"), and when. */
  showing: z.string().max(200).nullable().default(null),
  showingAt: IsoDateTimeSchema.nullable().default(null),
});
export type DisplayToken = z.infer<typeof DisplayTokenSchema>;

/** Who is acting: a signed-in person, or a wall screen signed in with a display token. */
export const PrincipalSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('user'),
    userId: IdSchema,
    username: z.string(),
    displayName: z.string(),
    role: RoleSchema,
    departmentIds: z.array(IdSchema),
  }),
  z.object({
    kind: z.literal('display'),
    tokenId: IdSchema,
    name: z.string(),
    departmentIds: z.array(IdSchema),
    scenes: z.array(z.string()),
  }),
]);
export type Principal = z.infer<typeof PrincipalSchema>;
