import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api-client';

/** Client errors will not get better by asking again; everything else is retried. */
const shouldRetry = (failureCount: number, error: unknown): boolean => {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 5;
};

/** Builds the one QueryClient of the app (tests build their own). */
export const createQueryClient = (): QueryClient =>
  new QueryClient({
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        retryDelay: (attempt) => Math.min(1_000 * 2 ** attempt, 30_000),
        staleTime: 30_000,
        // The wall is never "refocused": live data arrives over the socket instead.
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });

export const queryClient = createQueryClient();
