import { type AlertLogState, AlertSchema } from '@city-ioc/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { withAlert } from '../model/alert-sync';
import { alertKeys } from './alert-queries';

export const acknowledgeAlert = (alertId: string) =>
  apiRequest(`/api/alerts/${encodeURIComponent(alertId)}/acknowledge`, AlertSchema, {
    method: 'POST',
    body: {},
  });

/**
 * Acknowledges an alert. The answer is shown at once if it is newer than what the list holds;
 * the `acknowledged` event that follows is applied (or ignored) by seq as usual.
 */
export const useAcknowledgeAlert = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: [...alertKeys.all, 'acknowledge'],
    mutationFn: acknowledgeAlert,
    onSuccess: (alert) => {
      queryClient.setQueryData<AlertLogState>(alertKeys.live(), (log) =>
        log ? withAlert(log, alert) : log,
      );
    },
  });
};
