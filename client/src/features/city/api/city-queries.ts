import {
  AreasResponseSchema,
  DepartmentsResponseSchema,
  IndicatorsResponseSchema,
  LatestValuesResponseSchema,
  SitesResponseSchema,
} from '@city-ioc/shared';
import { queryOptions } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';

/** Query keys of the city's reference data. */
export const cityKeys = {
  all: ['city'] as const,
  areas: () => [...cityKeys.all, 'areas'] as const,
  sites: () => [...cityKeys.all, 'sites'] as const,
  departments: () => [...cityKeys.all, 'departments'] as const,
  indicators: () => [...cityKeys.all, 'indicators'] as const,
  latestValues: () => [...cityKeys.all, 'observations', 'latest'] as const,
};

// Reference data changes when an administrator edits it, not while the wall watches.
const REFERENCE_STALE_MS = 10 * 60_000;

export const areasQueryOptions = () =>
  queryOptions({
    queryKey: cityKeys.areas(),
    queryFn: ({ signal }) => apiRequest('/api/areas', AreasResponseSchema, { signal }),
    staleTime: REFERENCE_STALE_MS,
  });

export const sitesQueryOptions = () =>
  queryOptions({
    queryKey: cityKeys.sites(),
    queryFn: ({ signal }) => apiRequest('/api/sites', SitesResponseSchema, { signal }),
    staleTime: REFERENCE_STALE_MS,
  });

export const departmentsQueryOptions = () =>
  queryOptions({
    queryKey: cityKeys.departments(),
    queryFn: ({ signal }) => apiRequest('/api/departments', DepartmentsResponseSchema, { signal }),
    staleTime: REFERENCE_STALE_MS,
  });

export const indicatorsQueryOptions = () =>
  queryOptions({
    queryKey: cityKeys.indicators(),
    queryFn: ({ signal }) => apiRequest('/api/indicators', IndicatorsResponseSchema, { signal }),
    staleTime: REFERENCE_STALE_MS,
  });

/** Latest value per indicator and subject; kept fresh by `observations:recorded`. */
export const latestValuesQueryOptions = () =>
  queryOptions({
    queryKey: cityKeys.latestValues(),
    queryFn: ({ signal }) =>
      apiRequest('/api/observations/latest', LatestValuesResponseSchema, { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  });
