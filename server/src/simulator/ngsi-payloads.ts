import type { LngLat, NgsiMapping } from '@city-ioc/shared';
import { observedAtOf, sampleTimeMs } from './models';
import { TRAFFIC_SEGMENTS, type TrafficReading, type TrafficSegment } from './traffic';

/**
 * The traffic counters as a FIWARE context broker (NGSI-LD, e.g. Orion-LD) publishes them:
 * Smart Data Models `TrafficFlowObserved` entities in normalized form, in a notification or as
 * the answer to an entity query. Pure.
 */

export { TRAFFIC_SEGMENTS, type TrafficSegment } from './traffic';

/** The NGSI-LD entity type of the counters. */
export const TRAFFIC_ENTITY_TYPE = 'TrafficFlowObserved';
/** JSON-LD context of the Smart Data Models transportation subject, sent in a Link header. */
export const TRAFFIC_LD_CONTEXT =
  'https://raw.githubusercontent.com/smart-data-models/dataModel.Transportation/master/context.jsonld';
/** `Link` header value naming the JSON-LD context of an `application/json` NGSI-LD body. */
export const TRAFFIC_LD_LINK_HEADER = `<${TRAFFIC_LD_CONTEXT}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`;

/** Who runs the counters, as the entities' `dataProvider`. */
const DATA_PROVIDER = 'Sở Giao thông vận tải TP. Hồ Chí Minh';
/** Counters aggregate over this window; `dateObservedFrom` is this long before the reading. */
const AGGREGATION_MS = 5 * 60_000;

/** An NGSI-LD Property. */
export interface NgsiLdProperty<T> {
  type: 'Property';
  value: T;
  observedAt?: string;
  unitCode?: string;
}

/** A Smart Data Models TrafficFlowObserved entity in NGSI-LD normalized form. */
export interface TrafficFlowObservedEntity {
  id: string;
  type: typeof TRAFFIC_ENTITY_TYPE;
  name: NgsiLdProperty<string>;
  dateObserved: NgsiLdProperty<string>;
  dateObservedFrom: NgsiLdProperty<string>;
  dateObservedTo: NgsiLdProperty<string>;
  intensity: NgsiLdProperty<number>;
  averageVehicleSpeed: NgsiLdProperty<number>;
  occupancy: NgsiLdProperty<number>;
  congested: NgsiLdProperty<boolean>;
  location: { type: 'GeoProperty'; value: { type: 'Point'; coordinates: LngLat } };
  address: NgsiLdProperty<{
    streetAddress: string;
    addressLocality: string;
    addressRegion: string;
    addressCountry: string;
  }>;
  refRoadSegment: { type: 'Relationship'; object: string };
  dataProvider: NgsiLdProperty<string>;
}

/** An NGSI-LD notification carrying the entities. */
export interface TrafficNotification {
  id: string;
  type: 'Notification';
  subscriptionId: string;
  notifiedAt: string;
  data: TrafficFlowObservedEntity[];
}

/**
 * How the IOC maps these entities to observations: subject `traffic:<segment id>`; intensity
 * (vehicles per 5 min), average speed (km/h) and occupancy (0–1, as a percentage).
 */
export const TRAFFIC_NGSI_MAPPING: NgsiMapping = {
  entityTypes: [TRAFFIC_ENTITY_TYPE],
  idPattern: `^urn:ngsi-ld:${TRAFFIC_ENTITY_TYPE}:(.+)$`,
  subjectPrefix: 'traffic:',
  attributes: [
    { attribute: 'intensity', indicatorId: 'traffic.intensity' },
    { attribute: 'averageVehicleSpeed', indicatorId: 'traffic.speed_kmh' },
    { attribute: 'occupancy', indicatorId: 'traffic.occupancy_pct', scale: 100 },
  ],
};

/** `urn:ngsi-ld:TrafficFlowObserved:<segment id>`. */
export const trafficEntityId = (segmentId: string): string =>
  `urn:ngsi-ld:${TRAFFIC_ENTITY_TYPE}:${segmentId}`;

const segmentsById = new Map<string, TrafficSegment>(TRAFFIC_SEGMENTS.map((s) => [s.id, s]));
const entityOf = (
  reading: TrafficReading,
  segment: TrafficSegment,
  observedAt: string,
  fromAt: string,
): TrafficFlowObservedEntity => ({
  id: trafficEntityId(segment.id),
  type: TRAFFIC_ENTITY_TYPE,
  name: { type: 'Property', value: segment.name },
  dateObserved: { type: 'Property', value: observedAt },
  dateObservedFrom: { type: 'Property', value: fromAt },
  dateObservedTo: { type: 'Property', value: observedAt },
  intensity: { type: 'Property', value: reading.intensity, observedAt },
  averageVehicleSpeed: {
    type: 'Property',
    value: reading.averageVehicleSpeed,
    observedAt,
    unitCode: 'KMH',
  },
  occupancy: { type: 'Property', value: reading.occupancy, observedAt, unitCode: 'C62' },
  congested: { type: 'Property', value: reading.congested, observedAt },
  location: {
    type: 'GeoProperty',
    value: { type: 'Point', coordinates: [segment.location[0], segment.location[1]] },
  },
  address: {
    type: 'Property',
    value: {
      streetAddress: segment.name.split(' – ')[0] ?? segment.name,
      addressLocality: segment.wardName,
      addressRegion: 'Thành phố Hồ Chí Minh',
      addressCountry: 'VN',
    },
  },
  refRoadSegment: { type: 'Relationship', object: `urn:ngsi-ld:RoadSegment:${segment.id}` },
  dataProvider: { type: 'Property', value: DATA_PROVIDER },
});

/**
 * The readings sampled at `now` as normalized NGSI-LD entities, one per known segment (readings
 * of unknown segments are left out). Every measured attribute carries `observedAt`, the
 * sampling second; `dateObservedFrom`/`To` span the 5-minute counting window.
 */
export const ngsiLdEntities = (
  readings: readonly TrafficReading[],
  now: Date,
): TrafficFlowObservedEntity[] => {
  const observedAt = observedAtOf(now);
  const fromAt = observedAtOf(new Date(sampleTimeMs(now) - AGGREGATION_MS));
  return readings.flatMap((reading) => {
    const segment = segmentsById.get(reading.segmentId);
    return segment ? [entityOf(reading, segment, observedAt, fromAt)] : [];
  });
};

/**
 * An NGSI-LD notification (normalized) of the readings, as a broker POSTs it to a subscriber:
 * `urn:ngsi-ld:Notification:<notificationId>`, `notifiedAt` = `now`.
 */
export const ngsiLdNotification = (
  readings: readonly TrafficReading[],
  now: Date,
  subscriptionId: string,
  notificationId: string,
): TrafficNotification => ({
  id: `urn:ngsi-ld:Notification:${notificationId}`,
  type: 'Notification',
  subscriptionId,
  notifiedAt: now.toISOString(),
  data: ngsiLdEntities(readings, now),
});
