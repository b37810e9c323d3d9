import { z } from 'zod';
import { FeedStatusSchema } from '../schemas/feed';

export const FeedStatusesResponseSchema = z.array(FeedStatusSchema);
