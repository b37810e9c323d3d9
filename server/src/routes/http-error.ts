import type { ErrorResponse } from '@city-ioc/shared';

/** The one error body every failing request answers with (see plugins/errors.ts). */
export const httpError = (statusCode: number, error: string, message: string): ErrorResponse => ({
  statusCode,
  error,
  message,
});
