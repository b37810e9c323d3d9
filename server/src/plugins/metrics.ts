import { FeedHealthStateSchema, type FeedStatus } from '@city-ioc/shared';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** What the gauges read at scrape time. */
export interface MetricsSources {
  /** Socket.IO connections of this process. */
  socketCount: () => number;
  /** Every feed's status now (from the database: the same on every process). */
  feedStatuses: () => Promise<readonly FeedStatus[]>;
  /** Outbound webhook deliveries by status (from the database). */
  webhookDeliveries: () => Promise<readonly { status: string; count: number }[]>;
  /** Feeds this process polls or subscribes to (its leases). */
  leasesHeld: () => number;
}

/**
 * Process metrics, event-loop lag included (nodejs_eventloop_lag_seconds, _p99_seconds): once
 * per process, however many apps it builds. Each collection samples the event loop every
 * 10 ms, so one per app would load a test run that builds hundreds.
 */
let processRegistry: Registry | null = null;
const processMetrics = () => {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
};

/**
 * The Prometheus metrics of one app, in a registry of its own (tests build several apps in one
 * process). Counters and the histogram are this process's; the feed and webhook gauges are read
 * from the database at scrape time, so any process answers for all.
 */
export const createMetrics = () => {
  const shared = processMetrics();
  const registry = new Registry();
  const registers = [registry];

  const observationsStored = new Counter({
    name: 'ioc_observations_stored_total',
    help: 'Observations stored (committed), by feed; rate() of it is the ingest rate',
    labelNames: ['feed'] as const,
    registers,
  });
  const ruleEvaluationSeconds = new Histogram({
    name: 'ioc_rule_evaluation_seconds',
    help: 'Time to evaluate the rules: over an ingested batch (batch) or on the clock (tick)',
    labelNames: ['kind'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });
  const alertEventsEmitted = new Counter({
    name: 'ioc_alert_events_emitted_total',
    help: "Alert events this process emitted to its own sockets' rooms, by type",
    labelNames: ['type'] as const,
    registers,
  });

  const connect = (sources: MetricsSources) => {
    new Gauge({
      name: 'ioc_sockets_connected',
      help: 'Socket.IO connections open on this process',
      registers,
      collect() {
        this.set(sources.socketCount());
      },
    });
    new Gauge({
      name: 'ioc_feed_leases_held',
      help: 'Feeds this process polls or subscribes to (leases held)',
      registers,
      collect() {
        this.set(sources.leasesHeld());
      },
    });
    new Gauge({
      name: 'ioc_feed_health',
      help: "Feed health: 1 for the feed's current state, 0 for the others",
      labelNames: ['feed', 'state'] as const,
      registers,
      async collect() {
        this.reset();
        for (const status of await sources.feedStatuses()) {
          for (const state of FeedHealthStateSchema.options) {
            this.set({ feed: status.feedId, state }, status.state === state ? 1 : 0);
          }
        }
      },
    });
    new Gauge({
      name: 'ioc_webhook_deliveries',
      help: 'Outbound webhook deliveries by status (pending, delivered, failed)',
      labelNames: ['status'] as const,
      registers,
      async collect() {
        this.reset();
        for (const { status, count } of await sources.webhookDeliveries()) {
          this.set({ status }, count);
        }
      },
    });
  };

  return {
    registry,
    observationsStored,
    ruleEvaluationSeconds,
    alertEventsEmitted,
    /** Attaches the gauges read at scrape time. Call once. */
    connect,
    /** The exposition text and its content type. */
    scrape: async () => {
      const both = Registry.merge([shared, registry]);
      return { body: await both.metrics(), contentType: registry.contentType };
    },
  };
};
export type Metrics = ReturnType<typeof createMetrics>;
