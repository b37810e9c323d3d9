import { z } from 'zod';
import { IdSchema } from '../schemas/common';
import {
  DisplayTokenSchema,
  PasswordSchema,
  PrincipalSchema,
  RoleSchema,
  UsernameSchema,
  UserSchema,
} from '../schemas/user';

export const SignInRequestSchema = z.object({
  username: z.string().trim().toLowerCase().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type SignInRequest = z.infer<typeof SignInRequestSchema>;

/** The signed-in principal and the CSRF token every state-changing request must echo. */
export const SessionInfoSchema = z.object({
  principal: PrincipalSchema,
  csrfToken: z.string(),
});
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

export const DisplaySignInRequestSchema = z.object({ token: z.string().min(20).max(200) });

export const PasswordChangeRequestSchema = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: PasswordSchema,
});

/** The header that carries the CSRF token on POST/PUT/PATCH/DELETE. */
export const CSRF_HEADER = 'x-csrf-token';
/** The session cookie (httpOnly; the client never reads it). */
export const SESSION_COOKIE = 'ioc_session';

export const UserInputSchema = z.object({
  username: UsernameSchema,
  displayName: z.string().trim().min(1).max(200),
  role: RoleSchema,
  departmentIds: z.array(IdSchema).max(50).default([]),
  isDisabled: z.boolean().default(false),
  /** Required when creating; on edit, a new password (reset) or absent to keep it. */
  password: PasswordSchema.optional(),
});
export type UserInput = z.infer<typeof UserInputSchema>;
export const UsersResponseSchema = z.array(UserSchema);

export const DisplayTokenInputSchema = z.object({
  name: z.string().trim().min(1).max(200),
  departmentIds: z.array(IdSchema).max(50).default([]),
  scenes: z.array(z.string().min(1).max(64)).max(50).default([]),
});
export type DisplayTokenInput = z.infer<typeof DisplayTokenInputSchema>;
/** A new display token: its secret, shown this once. */
export const DisplayTokenCreatedSchema = z.object({
  displayToken: DisplayTokenSchema,
  token: z.string(),
});
export const DisplayTokensResponseSchema = z.array(DisplayTokenSchema);
