import type { Area, Indicator, LatestValue, Site } from '@city-ioc/shared';
import { useQuery } from '@tanstack/react-query';
import {
  areasQueryOptions,
  indicatorsQueryOptions,
  latestValuesQueryOptions,
  sitesQueryOptions,
} from '../features/city/api/city-queries';

// Stable empty lists, so memoised consumers do not recompute before the data arrives.
const NO_AREAS: readonly Area[] = [];
const NO_SITES: readonly Site[] = [];
const NO_INDICATORS: readonly Indicator[] = [];
const NO_VALUES: readonly LatestValue[] = [];

/** The city's reference data, empty until loaded. */
export const useReferenceData = () => {
  const areas = useQuery(areasQueryOptions()).data ?? NO_AREAS;
  const sites = useQuery(sitesQueryOptions()).data ?? NO_SITES;
  const indicators = useQuery(indicatorsQueryOptions()).data ?? NO_INDICATORS;
  const latestValues = useQuery(latestValuesQueryOptions()).data ?? NO_VALUES;
  return { areas, sites, indicators, latestValues };
};
