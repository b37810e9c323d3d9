import {
  WebhookCreatedSchema,
  WebhookDeliveriesResponseSchema,
  WebhookDeliverySchema,
  type WebhookDeliveryStatus,
  type WebhookSubscriptionInput,
  WebhookSubscriptionSchema,
  WebhookSubscriptionsResponseSchema,
  WebhookTestResultSchema,
} from '@city-ioc/shared';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { apiRequest } from '../../../lib/api-client';

/** Query keys of the webhook administration. */
export const webhookKeys = {
  all: ['admin-webhooks'] as const,
  list: () => [...webhookKeys.all, 'list'] as const,
  deliveries: (id: string, status: WebhookDeliveryStatus | null) =>
    [...webhookKeys.all, 'deliveries', id, status ?? 'all'] as const,
};

/** Deliveries are retried in the background: read health and the log again every 10 s. */
const REFRESH_MS = 10_000;

export const webhooksQueryOptions = () =>
  queryOptions({
    queryKey: webhookKeys.list(),
    queryFn: ({ signal }) =>
      apiRequest('/api/admin/webhooks', WebhookSubscriptionsResponseSchema, { signal }),
    refetchInterval: REFRESH_MS,
  });

export const webhookDeliveriesQueryOptions = (id: string, status: WebhookDeliveryStatus | null) =>
  queryOptions({
    queryKey: webhookKeys.deliveries(id, status),
    queryFn: ({ signal }) =>
      apiRequest(
        `/api/admin/webhooks/${encodeURIComponent(id)}/deliveries?limit=100${status ? `&status=${status}` : ''}`,
        WebhookDeliveriesResponseSchema,
        { signal },
      ),
    refetchInterval: REFRESH_MS,
  });

const path = (id: string) => `/api/admin/webhooks/${encodeURIComponent(id)}`;

export const useCreateWebhook = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: [...webhookKeys.all, 'create'],
    mutationFn: (input: WebhookSubscriptionInput) =>
      apiRequest('/api/admin/webhooks', WebhookCreatedSchema, { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKeys.all }),
  });
};

export const useUpdateWebhook = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: [...webhookKeys.all, 'update'],
    mutationFn: ({ id, input }: { id: string; input: WebhookSubscriptionInput }) =>
      apiRequest(path(id), WebhookSubscriptionSchema, { method: 'PUT', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKeys.all }),
  });
};

export const useDeleteWebhook = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: [...webhookKeys.all, 'delete'],
    mutationFn: (id: string) =>
      apiRequest(path(id), z.union([z.undefined(), z.null()]), { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKeys.all }),
  });
};

/** Sends one signed test ping; the answer says what the receiver did. Nothing is stored. */
export const useTestWebhook = () =>
  useMutation({
    mutationKey: [...webhookKeys.all, 'test'],
    mutationFn: (id: string) =>
      apiRequest(`${path(id)}/test`, WebhookTestResultSchema, { method: 'POST' }),
  });

export const useRetryDelivery = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: [...webhookKeys.all, 'retry'],
    mutationFn: (deliveryId: number) =>
      apiRequest(`/api/admin/webhooks/deliveries/${deliveryId}/retry`, WebhookDeliverySchema, {
        method: 'POST',
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKeys.all }),
  });
};
