import { type SilenceCreate, SilenceSchema, SilencesResponseSchema } from '@city-ioc/shared';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';

/** Query keys of the silences screen. */
export const silenceKeys = {
  all: ['silences'] as const,
  list: () => [...silenceKeys.all, 'list'] as const,
};

/** Every silence and maintenance window the principal may see; states move with time. */
export const silencesQueryOptions = () =>
  queryOptions({
    queryKey: silenceKeys.list(),
    queryFn: ({ signal }) => apiRequest('/api/silences', SilencesResponseSchema, { signal }),
    refetchInterval: 30_000,
  });

export const useCreateSilence = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: [...silenceKeys.all, 'create'],
    mutationFn: (body: SilenceCreate) =>
      apiRequest('/api/silences', SilenceSchema, { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: silenceKeys.all }),
  });
};

export const useCancelSilence = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: [...silenceKeys.all, 'cancel'],
    mutationFn: (silenceId: string) =>
      apiRequest(`/api/silences/${encodeURIComponent(silenceId)}/cancel`, SilenceSchema, {
        method: 'POST',
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: silenceKeys.all }),
  });
};
