import { z } from 'zod';
import { AlertEventSchema, type AlertSchema } from '../schemas/alert';
import { IdSchema } from '../schemas/common';
import { FeedStatusSchema } from '../schemas/feed';
import { LatestValueSchema } from '../schemas/observation';
import type { AckResult } from './ack';

/** Bumped when an event's shape changes incompatibly; the client reloads on mismatch. */
export const PROTOCOL_VERSION = 1;

/** Largest page of events one `alerts:sync` answer carries; the client asks again if `hasMore`. */
export const SYNC_PAGE_LIMIT = 500;

/** Room names are `kind:id`. Every operator socket is in the city room. */
export const ROOMS = {
  city: 'city:all',
  department: (departmentId: string) => `department:${departmentId}`,
} as const;

export const ServerHelloSchema = z.object({
  protocolVersion: z.number().int(),
  serverId: z.string(),
  /** The last committed alert event sequence at connection time. */
  headSeq: z.number().int().nonnegative(),
});
export type ServerHello = z.infer<typeof ServerHelloSchema>;

export const ObservationsRecordedSchema = z.object({
  values: z.array(LatestValueSchema).max(5_000),
});
export type ObservationsRecorded = z.infer<typeof ObservationsRecordedSchema>;

/** Server → client payload schemas, keyed by event name; the client parses every one. */
export const serverEventSchemas = {
  'server:hello': ServerHelloSchema,
  'alert:changed': AlertEventSchema,
  'feed:status-changed': FeedStatusSchema,
  'observations:recorded': ObservationsRecordedSchema,
  /** The session ended (signed out, revoked, disabled, access changed): sign in again. */
  'session:ended': z.object({ reason: z.string() }),
} as const;

export const AlertsSyncRequestSchema = z.object({
  afterSeq: z.number().int().nonnegative(),
  limit: z.number().int().positive().max(SYNC_PAGE_LIMIT).optional(),
});
export type AlertsSyncRequest = z.infer<typeof AlertsSyncRequestSchema>;

export const AlertsSyncResultSchema = z.object({
  /**
   * Every event after `afterSeq` up to `throughSeq` that the asker may see, in order. For a
   * principal who sees the whole city they are gap-free; a department head's skip the other
   * departments' events.
   */
  events: z.array(AlertEventSchema),
  /** Every event up to here has been answered (or is not the asker's to see). */
  throughSeq: z.number().int().nonnegative(),
  headSeq: z.number().int().nonnegative(),
  hasMore: z.boolean(),
});
export type AlertsSyncResult = z.infer<typeof AlertsSyncResultSchema>;

export const AlertAcknowledgeRequestSchema = z.object({ alertId: IdSchema });
export type AlertAcknowledgeRequest = z.infer<typeof AlertAcknowledgeRequestSchema>;

/** Client → server payload schemas; the server's gateway parses every one. */
/** A wall screen's heartbeat: what it shows now (e.g. "wall:programme"). */
export const DisplayHeartbeatSchema = z.object({ showing: z.string().trim().min(1).max(200) });
export type DisplayHeartbeat = z.infer<typeof DisplayHeartbeatSchema>;

export const clientEventSchemas = {
  'alerts:sync': AlertsSyncRequestSchema,
  'alert:acknowledge': AlertAcknowledgeRequestSchema,
  'display:heartbeat': DisplayHeartbeatSchema,
} as const;

type Payload<S extends Record<string, z.ZodType>, K extends keyof S> = z.infer<S[K]>;

/** Typed Socket.IO map of server → client events. */
export interface ServerToClientEvents {
  'server:hello': (payload: Payload<typeof serverEventSchemas, 'server:hello'>) => void;
  'alert:changed': (payload: Payload<typeof serverEventSchemas, 'alert:changed'>) => void;
  'feed:status-changed': (
    payload: Payload<typeof serverEventSchemas, 'feed:status-changed'>,
  ) => void;
  'session:ended': (payload: Payload<typeof serverEventSchemas, 'session:ended'>) => void;
  'observations:recorded': (
    payload: Payload<typeof serverEventSchemas, 'observations:recorded'>,
  ) => void;
}

/** Typed Socket.IO map of client → server requests; each answers through an ack. */
export interface ClientToServerEvents {
  'alerts:sync': (
    payload: AlertsSyncRequest,
    ack: (result: AckResult<AlertsSyncResult>) => void,
  ) => void;
  'alert:acknowledge': (
    payload: AlertAcknowledgeRequest,
    ack: (result: AckResult<z.infer<typeof AlertSchema>>) => void,
  ) => void;
  'display:heartbeat': (
    payload: DisplayHeartbeat,
    ack: (result: AckResult<{ recorded: boolean }>) => void,
  ) => void;
}
