import {
  type Alert,
  type AlertAction,
  type AlertActionRequest,
  AlertCommentSchema,
  type AlertDetail,
  AlertDetailSchema,
  type AlertLogState,
  AlertSchema,
  type AlertSopRequest,
  AssigneesResponseSchema,
  type SilenceCreate,
  SilenceSchema,
} from '@city-ioc/shared';
import { type QueryClient, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, apiRequest } from '../../../lib/api-client';
import { withComment, withDetailAlert } from '../model/alert-detail';
import { withAlert } from '../model/alert-sync';
import { alertKeys } from './alert-queries';

const alertPath = (alertId: string, rest = '') =>
  `/api/alerts/${encodeURIComponent(alertId)}${rest}`;

/** One alert with its comments and timeline (404 when it is outside the principal's scope). */
export const alertDetailQueryOptions = (alertId: string) =>
  queryOptions({
    queryKey: alertKeys.detail(alertId),
    queryFn: ({ signal }) => apiRequest(alertPath(alertId), AlertDetailSchema, { signal }),
    // Live events refresh it while the panel is open (alert-detail-live.ts); opening the panel
    // again fetches it afresh, since events may have been missed while it was closed.
    staleTime: 0,
  });

/** The people an alert may be assigned to. Only asked by those who act on alerts. */
export const alertAssigneesQueryOptions = (alertId: string) =>
  queryOptions({
    queryKey: alertKeys.assignees(alertId),
    queryFn: ({ signal }) =>
      apiRequest(alertPath(alertId, '/assignees'), AssigneesResponseSchema, { signal }),
    staleTime: 5 * 60_000,
  });

export const runAlertAction = ({
  alertId,
  action,
  comment,
}: {
  alertId: string;
  action: AlertAction;
  comment?: string;
}) =>
  apiRequest(alertPath(alertId, '/actions'), AlertSchema, {
    method: 'POST',
    body: (comment === undefined ? { action } : { action, comment }) satisfies AlertActionRequest,
  });

export const assignAlert = ({ alertId, userId }: { alertId: string; userId: string | null }) =>
  apiRequest(alertPath(alertId, '/assign'), AlertSchema, { method: 'POST', body: { userId } });

export const addAlertComment = ({ alertId, body }: { alertId: string; body: string }) =>
  apiRequest(alertPath(alertId, '/comments'), AlertCommentSchema, {
    method: 'POST',
    body: { body },
  });

const refreshDetail = (queryClient: QueryClient, alertId: string) =>
  queryClient.invalidateQueries({ queryKey: alertKeys.detail(alertId), exact: true });

/**
 * Shows an answer's alert at once, in the list and in the panel, when it is newer than what
 * they hold; the detail is then fetched again for its timeline. The event that follows is
 * applied (or ignored) by seq as usual.
 */
const showAnswer = (queryClient: QueryClient, alert: Alert) => {
  queryClient.setQueryData<AlertLogState>(alertKeys.live(), (log) =>
    log ? withAlert(log, alert) : log,
  );
  queryClient.setQueryData<AlertDetail>(alertKeys.detail(alert.id), (detail) =>
    withDetailAlert(detail, alert),
  );
  return refreshDetail(queryClient, alert.id);
};

/** A 409 means someone else moved the alert on: show where it stands now. */
const refreshOnConflict = (queryClient: QueryClient, alertId: string, error: Error) => {
  if (error instanceof ApiError && error.status === 409) void refreshDetail(queryClient, alertId);
};

/** Acknowledge, start, resolve (with an optional note) or close an alert. */
export const useAlertAction = (alertId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: [...alertKeys.detail(alertId), 'action'],
    mutationFn: ({ action, comment }: { action: AlertAction; comment?: string }) =>
      runAlertAction({ alertId, action, comment }),
    onSuccess: (alert) => showAnswer(queryClient, alert),
    onError: (error) => refreshOnConflict(queryClient, alertId, error),
  });
};

/** Assigns an alert to someone, or to nobody (`null`). */
export const useAssignAlert = (alertId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: [...alertKeys.detail(alertId), 'assign'],
    mutationFn: (userId: string | null) => assignAlert({ alertId, userId }),
    onSuccess: (alert) => showAnswer(queryClient, alert),
    onError: (error) => refreshOnConflict(queryClient, alertId, error),
  });
};

/** Adds a comment (plain text) to an alert's thread. */
export const useAddAlertComment = (alertId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: [...alertKeys.detail(alertId), 'comment'],
    mutationFn: (body: string) => addAlertComment({ alertId, body }),
    onSuccess: (comment) => {
      queryClient.setQueryData<AlertDetail>(alertKeys.detail(alertId), (detail) =>
        withComment(detail, comment),
      );
      return refreshDetail(queryClient, alertId);
    },
  });
};

export const setSopStep = ({
  alertId,
  idx,
  done,
}: {
  alertId: string;
  idx: number;
  done: boolean;
}) =>
  apiRequest(alertPath(alertId, `/sop/${idx}`), AlertSchema, {
    method: 'POST',
    body: { done } satisfies AlertSopRequest,
  });

/** Ticks or unticks a step of the alert's SOP checklist. */
export const useSetSopStep = (alertId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: [...alertKeys.detail(alertId), 'sop'],
    mutationFn: ({ idx, done }: { idx: number; done: boolean }) =>
      setSopStep({ alertId, idx, done }),
    onSuccess: (alert) => showAnswer(queryClient, alert),
    onError: (error) => refreshOnConflict(queryClient, alertId, error),
  });
};

export const createSilence = (body: SilenceCreate) =>
  apiRequest('/api/silences', SilenceSchema, { method: 'POST', body });

/**
 * Silences alerts similar to this one (`similarAlertMatchers`) for a while. The alerts it
 * covers change through their `silenced` events; the detail is fetched again for its timeline.
 */
export const useSilenceSimilar = (alertId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: [...alertKeys.detail(alertId), 'silence'],
    mutationFn: createSilence,
    onSuccess: () => refreshDetail(queryClient, alertId),
  });
};
