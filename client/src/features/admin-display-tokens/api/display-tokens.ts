import {
  DisplayTokenCreatedSchema,
  type DisplayTokenInput,
  DisplayTokenSchema,
  DisplayTokensResponseSchema,
} from '@city-ioc/shared';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { apiRequest } from '../../../lib/api-client';

/** Query keys of the wall-screen administration. */
export const displayTokenKeys = {
  all: ['admin-display-tokens'] as const,
  list: () => [...displayTokenKeys.all, 'list'] as const,
};

/** "Last seen" moves while the screens are on: read it again every minute. */
const LAST_SEEN_REFRESH_MS = 60_000;

export const displayTokensQueryOptions = () =>
  queryOptions({
    queryKey: displayTokenKeys.list(),
    queryFn: ({ signal }) =>
      apiRequest('/api/admin/display-tokens', DisplayTokensResponseSchema, { signal }),
    refetchInterval: LAST_SEEN_REFRESH_MS,
  });

/** Creates a token; the answer carries its secret, this once. */
export const createDisplayToken = (input: DisplayTokenInput) =>
  apiRequest('/api/admin/display-tokens', DisplayTokenCreatedSchema, {
    method: 'POST',
    body: input,
  });

/** Revokes a token; the server answers with the token, or with nothing. */
export const revokeDisplayToken = (tokenId: string) =>
  apiRequest(
    `/api/admin/display-tokens/${encodeURIComponent(tokenId)}/revoke`,
    z.union([DisplayTokenSchema, z.undefined(), z.null()]),
    { method: 'POST' },
  );

export const useCreateDisplayToken = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: [...displayTokenKeys.all, 'create'],
    mutationFn: createDisplayToken,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: displayTokenKeys.all }),
  });
};

export const useRevokeDisplayToken = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: [...displayTokenKeys.all, 'revoke'],
    mutationFn: revokeDisplayToken,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: displayTokenKeys.all }),
  });
};
