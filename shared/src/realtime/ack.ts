import { z } from 'zod';

/** The closed list of error codes a socket acknowledgement may carry. */
export const AckErrorCodeSchema = z.enum([
  'invalid_payload',
  'forbidden',
  'not_found',
  'conflict',
  'forbidden',
  'internal',
]);
export type AckErrorCode = z.infer<typeof AckErrorCodeSchema>;

export interface AckError {
  code: AckErrorCode;
  message: string;
  /** Field-level problems of an invalid payload: path and message. */
  issues?: { path: string; message: string }[];
}

/** Every socket acknowledgement: ok with data, or an error from the closed list. */
export type AckResult<T> = { ok: true; data: T } | { ok: false; error: AckError };

/** Builds an ok acknowledgement. */
export const ackOk = <T>(data: T): AckResult<T> => ({ ok: true, data });

/** Builds an error acknowledgement. */
export const ackError = <T = never>(
  code: AckErrorCode,
  message: string,
  issues?: AckError['issues'],
): AckResult<T> => ({ ok: false, error: issues ? { code, message, issues } : { code, message } });
