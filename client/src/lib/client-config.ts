import { ClientConfigSchema } from '@city-ioc/shared';
import { queryOptions } from '@tanstack/react-query';
import { apiRequest } from './api-client';

export const clientConfigKeys = {
  all: ['client-config'] as const,
  current: () => [...clientConfigKeys.all, 'current'] as const,
};

/** Runtime settings of this deployment (city, map, time zone); read once, retried until it works. */
export const clientConfigQueryOptions = () =>
  queryOptions({
    queryKey: clientConfigKeys.current(),
    queryFn: ({ signal }) => apiRequest('/api/config', ClientConfigSchema, { signal }),
    staleTime: Number.POSITIVE_INFINITY,
    // The wall must come up by itself once the server does.
    retry: true,
  });
