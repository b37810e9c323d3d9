import { type FeedInput, FeedTestResultSchema } from '@city-ioc/shared';
import { useMutation } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { adminFeedKeys } from './admin-feed-queries';

/** Runs a feed once on the server and returns what it would store; saves nothing. */
export const testFeed = ({ input, sample }: { input: FeedInput; sample: unknown }) =>
  apiRequest('/api/admin/feeds/test', FeedTestResultSchema, {
    method: 'POST',
    body: sample === undefined ? { feed: input } : { feed: input, sample },
  });

/** A dry run of the form's feed. Nothing changes on the server, so nothing is invalidated. */
export const useTestFeed = () =>
  useMutation({ mutationKey: [...adminFeedKeys.all, 'test'], mutationFn: testFeed });
