import { type UserInput, UserSchema, UsersResponseSchema } from '@city-ioc/shared';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';

/** Query keys of the user administration screen. */
export const adminUserKeys = {
  all: ['admin-users'] as const,
  list: () => [...adminUserKeys.all, 'list'] as const,
};

export const usersQueryOptions = () =>
  queryOptions({
    queryKey: adminUserKeys.list(),
    queryFn: ({ signal }) => apiRequest('/api/admin/users', UsersResponseSchema, { signal }),
  });

/** Creates a user (`editingId` null) or replaces one; a password left out is kept. */
export const saveUser = ({ input, editingId }: { input: UserInput; editingId: string | null }) =>
  editingId === null
    ? apiRequest('/api/admin/users', UserSchema, { method: 'POST', body: input })
    : apiRequest(`/api/admin/users/${encodeURIComponent(editingId)}`, UserSchema, {
        method: 'PUT',
        body: input,
      });

/** Saves a user, then refreshes the list. */
export const useSaveUser = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: [...adminUserKeys.all, 'save'],
    mutationFn: saveUser,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminUserKeys.all }),
  });
};
