import { NgsiMappingSchema } from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import { ngsiNotificationKey } from '../feeds/ngsi/identity';
import { ngsiEntitiesToObservations } from '../feeds/ngsi/map';
import { parseNgsiNotification } from '../feeds/ngsi/parse';
import { observedAtOf } from './models';
import {
  ngsiLdEntities,
  ngsiLdNotification,
  TRAFFIC_NGSI_MAPPING,
  TRAFFIC_SEGMENTS,
  trafficEntityId,
} from './ngsi-payloads';
import { sampleTraffic } from './traffic';

const SEED = 168;
const NOW = new Date('2025-11-04T00:45:12.345Z'); // 07:45 on a Tuesday in Ho Chi Minh City
const SUBSCRIPTION = 'urn:ngsi-ld:Subscription:ioc-traffic-flow';
const readings = sampleTraffic(NOW, SEED);
/** What the broker sends over the wire: JSON, not live objects. */
const wire = (value: unknown) => JSON.parse(JSON.stringify(value));

describe('ngsiLdNotification', () => {
  const notification = ngsiLdNotification(readings, NOW, SUBSCRIPTION, 'abc-123');

  it('is an NGSI-LD notification the IOC parses, one entity per segment', () => {
    const parsed = parseNgsiNotification(wire(notification));
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(parsed.format).toBe('ngsi-ld');
    expect(parsed.subscriptionId).toBe(SUBSCRIPTION);
    expect(parsed.notificationId).toBe('urn:ngsi-ld:Notification:abc-123');
    expect(parsed.notifiedAt).toBe(NOW.toISOString());
    expect(ngsiNotificationKey(parsed)).toBe('ngsi-ld:urn:ngsi-ld:Notification:abc-123');
    expect(parsed.entities.map((e) => e.id)).toEqual(
      TRAFFIC_SEGMENTS.map((s) => `urn:ngsi-ld:TrafficFlowObserved:${s.id}`),
    );
    parsed.entities.forEach((entity, i) => {
      const segment = TRAFFIC_SEGMENTS[i];
      expect(entity.type).toBe('TrafficFlowObserved');
      expect(entity.location).toEqual(segment?.location);
      expect(entity.attributes.averageVehicleSpeed?.unitCode).toBe('KMH');
      expect(entity.attributes.congested?.value).toBe(readings[i]?.congested);
      expect(entity.attributes.name?.value).toBe(segment?.name);
      expect(entity.attributes.refRoadSegment?.value).toBe(
        `urn:ngsi-ld:RoadSegment:${segment?.id}`,
      );
    });
  });

  it('is in normalized form: Properties with observedAt, a GeoProperty, a Relationship', () => {
    const entity = notification.data[0];
    expect(entity?.intensity).toEqual({
      type: 'Property',
      value: readings[0]?.intensity,
      observedAt: '2025-11-04T00:45:12Z',
    });
    expect(entity?.location.type).toBe('GeoProperty');
    expect(entity?.refRoadSegment.type).toBe('Relationship');
    expect(entity?.dateObservedFrom.value).toBe('2025-11-04T00:40:12Z');
  });

  it('maps with TRAFFIC_NGSI_MAPPING to finite observations for every segment', () => {
    expect(NgsiMappingSchema.parse(TRAFFIC_NGSI_MAPPING)).toEqual(TRAFFIC_NGSI_MAPPING);
    const parsed = parseNgsiNotification(wire(notification));
    if (!parsed.ok) throw new Error(parsed.reason);
    const { observations, problems } = ngsiEntitiesToObservations(
      parsed.entities,
      TRAFFIC_NGSI_MAPPING,
      '2025-11-04T00:46:00Z',
    );
    expect(problems).toEqual([]);
    expect(observations).toHaveLength(3 * TRAFFIC_SEGMENTS.length);
    TRAFFIC_SEGMENTS.forEach((segment, i) => {
      const mine = observations.filter((o) => o.subjectId === `traffic:${segment.id}`);
      const value = (indicatorId: string) => mine.find((o) => o.indicatorId === indicatorId)?.value;
      expect(value('traffic.intensity')).toBe(readings[i]?.intensity);
      expect(value('traffic.speed_kmh')).toBe(readings[i]?.averageVehicleSpeed);
      expect(value('traffic.occupancy_pct')).toBeCloseTo(100 * (readings[i]?.occupancy ?? 0), 6);
    });
    for (const o of observations) {
      expect(Number.isFinite(o.value)).toBe(true);
      // The sampling second, not the fallback time.
      expect(Date.parse(o.observedAt)).toBe(Date.parse(observedAtOf(NOW)));
    }
  });

  it('is deterministic for a time, a seed and a notification id', () => {
    expect(ngsiLdNotification(sampleTraffic(NOW, SEED), NOW, SUBSCRIPTION, 'abc-123')).toEqual(
      notification,
    );
  });
});

describe('ngsiLdEntities', () => {
  it('is the notification’s data, as an entity query answers it', () => {
    const entities = ngsiLdEntities(readings, NOW);
    expect(entities).toEqual(ngsiLdNotification(readings, NOW, SUBSCRIPTION, 'x').data);
    const parsed = parseNgsiNotification({ subscriptionId: 'query', data: wire(entities) });
    expect(parsed.ok && parsed.entities).toHaveLength(TRAFFIC_SEGMENTS.length);
  });

  it('leaves out readings of unknown segments', () => {
    const first = readings[0];
    if (!first) throw new Error('no reading');
    expect(
      ngsiLdEntities([{ ...first, segmentId: 'nowhere' }, first], NOW).map((e) => e.id),
    ).toEqual([trafficEntityId(first.segmentId)]);
  });
});
