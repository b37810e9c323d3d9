import type {
  FeedInput,
  FeedTestResult,
  HttpPollConfig,
  HttpPollFeed,
  MqttConfig,
  MqttFeed,
  Observation,
} from '@city-ioc/shared';
import { parseCapAlert } from './cap/parse';
import { parseCapFeed } from './cap/parse-feed';
import { capAlertToChange } from './cap/to-change';
import { mapPollBody } from './http-poll/decode';
import { mapJsonDocument } from './http-poll/parse';
import { mqttMessageToObservations } from './mqtt/handle-message';
import type { HeardMessage } from './mqtt/listen';
import { ngsiEntitiesToObservations } from './ngsi/map';
import { parseNgsiNotification } from './ngsi/parse';

export interface PreviewDeps {
  /** Refuses an unsafe URL with the reason; null when acceptable. */
  checkUrl: (url: string) => string | null;
  fetchJson: (url: string, timeoutMs: number) => Promise<unknown>;
  fetchXml: (url: string, timeoutMs: number) => Promise<string>;
  /** One unconditional poll of an HTTP feed, with its credentials; the raw answer. */
  fetchPoll: (config: HttpPollConfig) => Promise<Buffer>;
  /** Listens on an MQTT feed's broker for a few seconds. */
  listenMqtt: (config: MqttConfig) => Promise<HeardMessage[]>;
  now: string;
}

/** A feed to test: as sent, except that polls and brokers carry their stored credentials. */
export type PreviewFeed =
  | Exclude<FeedInput, { adapter: 'http-poll' | 'mqtt' }>
  | HttpPollFeed
  | MqttFeed;

/** An MQTT test sample: one message as it would arrive. */
const isMqttSample = (sample: unknown): sample is { topic: string; payload: unknown } =>
  typeof sample === 'object' &&
  sample !== null &&
  typeof (sample as { topic?: unknown }).topic === 'string' &&
  'payload' in sample;

const asBytes = (sample: unknown): Buffer =>
  Buffer.from(typeof sample === 'string' ? sample : JSON.stringify(sample), 'utf8');

type Mapped = Pick<FeedTestResult, 'ok' | 'error' | 'problems' | 'capMessages'> & {
  observations: Observation[];
};

const failed = (error: string): Mapped => ({
  ok: false,
  error,
  observations: [],
  problems: [],
  capMessages: [],
});

/** A broker's entity query answers a bare array; notifications wrap it in `data`. */
const asNotification = (document: unknown) =>
  Array.isArray(document) ? { data: document } : document;

const fetchOrSample = async <T>(
  deps: PreviewDeps,
  sample: unknown,
  poll: { url: string; timeoutMs: number } | undefined,
  fetch: (url: string, timeoutMs: number) => Promise<T>,
  needs: string,
): Promise<{ document: T | unknown } | { error: string }> => {
  if (sample !== undefined) return { document: sample };
  if (!poll) return { error: `Paste a sample ${needs} to test this feed` };
  const refused = deps.checkUrl(poll.url);
  if (refused) return { error: `URL refused: ${refused}` };
  try {
    return { document: await fetch(poll.url, poll.timeoutMs) };
  } catch (error) {
    return { error: (error as Error).message };
  }
};

/**
 * Runs a feed once without storing anything: fetches its source (or takes the administrator's
 * sample) and returns what it would store, or the CAP warnings it would raise.
 */
export const previewFeed = async (
  feed: PreviewFeed,
  sample: unknown,
  deps: PreviewDeps,
): Promise<Mapped> => {
  switch (feed.adapter) {
    case 'http-poll': {
      let body: Buffer;
      if (sample !== undefined) body = asBytes(sample);
      else {
        const refused = deps.checkUrl(feed.config.url);
        if (refused) return failed(`URL refused: ${refused}`);
        try {
          body = await deps.fetchPoll(feed.config);
        } catch (error) {
          return failed((error as Error).message);
        }
      }
      const mapped = mapPollBody(body, feed.config.format, feed.config.mapping, deps.now);
      if (!mapped.ok) return failed(mapped.reason);
      return { ok: true, error: null, ...mapped.result, capMessages: [] };
    }
    case 'mqtt': {
      let messages: HeardMessage[];
      if (isMqttSample(sample)) {
        messages = [{ topic: sample.topic, payload: asBytes(sample.payload) }];
      } else {
        try {
          messages = await deps.listenMqtt(feed.config);
        } catch (error) {
          return failed((error as Error).message);
        }
        if (messages.length === 0) {
          return failed(
            'Connected and subscribed, but no message arrived within the test window; paste a sample message to test the mapping',
          );
        }
      }
      const observations: Observation[] = [];
      const problems: string[] = [];
      for (const message of messages) {
        const mapped = mqttMessageToObservations(
          message.topic,
          message.payload,
          feed.config,
          deps.now,
        );
        if (!mapped.ok) problems.push(`${message.topic}: ${mapped.reason}`);
        else {
          observations.push(...mapped.observations);
          problems.push(...mapped.problems.map((p) => `${message.topic}: ${p}`));
        }
      }
      return {
        ok: true,
        error: null,
        observations,
        problems: problems.slice(0, 20),
        capMessages: [],
      };
    }
    case 'webhook': {
      const got = await fetchOrSample(deps, sample, undefined, deps.fetchJson, 'JSON body');
      if ('error' in got) return failed(got.error);
      const mapped = mapJsonDocument(got.document, feed.config.mapping, deps.now);
      if (!mapped.ok) return failed(mapped.reason);
      return { ok: true, error: null, ...mapped.result, capMessages: [] };
    }
    case 'ngsi': {
      const got = await fetchOrSample(
        deps,
        sample,
        feed.config.reconcile,
        deps.fetchJson,
        'notification (JSON)',
      );
      if ('error' in got) return failed(got.error);
      const parsed = parseNgsiNotification(asNotification(got.document));
      if (!parsed.ok) return failed(parsed.reason);
      const mapped = ngsiEntitiesToObservations(parsed.entities, feed.config.mapping, deps.now);
      return { ok: true, error: null, ...mapped, capMessages: [] };
    }
    case 'cap': {
      const poll = feed.config.mode === 'poll' ? feed.config.poll : undefined;
      const got = await fetchOrSample(
        deps,
        sample,
        poll,
        deps.fetchXml,
        'CAP message or feed (XML)',
      );
      if ('error' in got) return failed(got.error);
      if (typeof got.document !== 'string') return failed('A CAP sample is XML text');
      const xml = got.document;
      const alerts = [];
      const problems: string[] = [];
      const asFeed = /<(\w+:)?(feed|rss|alerts)[\s>]/.test(xml.slice(0, 2_000))
        ? parseCapFeed(xml)
        : null;
      if (asFeed) {
        if (!asFeed.ok) return failed(asFeed.errors.slice(0, 5).join('; '));
        for (const entry of asFeed.entries) {
          if (entry.alert) alerts.push(entry.alert);
          else problems.push(`entry ${entry.id} links to its message (fetched when polling)`);
        }
      } else {
        const one = parseCapAlert(xml);
        if (!one.ok) return failed(one.errors.slice(0, 5).join('; '));
        alerts.push(one.alert);
      }
      return {
        ok: true,
        error: null,
        observations: [],
        problems,
        capMessages: alerts.map((alert) => {
          const change = capAlertToChange(alert);
          return {
            identity: change.identity,
            msgType: alert.msgType,
            status: alert.status,
            isLive: change.kind === 'raise',
            headline:
              change.kind === 'raise'
                ? change.title.vi
                : (alert.infos[0]?.headline ?? alert.infos[0]?.event ?? ''),
            severity: change.kind === 'raise' ? change.severity : (alert.infos[0]?.severity ?? ''),
            areaCount: alert.infos[0]?.areas.length ?? 0,
          };
        }),
      };
    }
  }
};
