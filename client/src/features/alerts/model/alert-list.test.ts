import { alertLogFromSnapshot } from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import { makeAlert } from '../../../testing/factories';
import { countBySeverity, selectActiveAlerts, selectAlertList } from './alert-list';

describe('selectAlertList', () => {
  it('orders the most severe first, then the newest', () => {
    const log = alertLogFromSnapshot(
      [
        makeAlert({ id: 'moderate-old', severity: 'Moderate', firstAt: '2025-11-23T01:00:00Z' }),
        makeAlert({ id: 'extreme', severity: 'Extreme', firstAt: '2025-11-23T00:00:00Z' }),
        makeAlert({ id: 'moderate-new', severity: 'Moderate', firstAt: '2025-11-23T02:00:00Z' }),
        makeAlert({ id: 'minor', severity: 'Minor', firstAt: '2025-11-23T03:00:00Z' }),
        makeAlert({ id: 'severe', severity: 'Severe', firstAt: '2025-11-23T00:30:00Z' }),
      ],
      5,
    );
    expect(selectAlertList(log, 10).items.map((a) => a.id)).toEqual([
      'extreme',
      'severe',
      'moderate-new',
      'moderate-old',
      'minor',
    ]);
  });

  it('keeps the same order whatever order the alerts arrived in', () => {
    const alerts = ['b', 'a', 'c'].map((id) => makeAlert({ id }));
    const forward = selectAlertList(alertLogFromSnapshot(alerts, 1), 10).items.map((a) => a.id);
    const backward = selectAlertList(alertLogFromSnapshot([...alerts].reverse(), 1), 10).items;
    expect(backward.map((a) => a.id)).toEqual(forward);
    expect(forward).toEqual(['a', 'b', 'c']);
  });

  it('bounds the list but counts every active alert', () => {
    const log = alertLogFromSnapshot(
      Array.from({ length: 250 }, (_, i) => makeAlert({ id: `a${i}` })),
      250,
    );
    const view = selectAlertList(log, 200);
    expect(view.items).toHaveLength(200);
    expect(view.total).toBe(250);
  });

  it('leaves resolved alerts out', () => {
    const log = alertLogFromSnapshot(
      [makeAlert({ id: 'open' }), makeAlert({ id: 'done', status: 'resolved' })],
      2,
    );
    expect(selectAlertList(log, 10).items.map((a) => a.id)).toEqual(['open']);
    expect(selectActiveAlerts(log).map((a) => a.id)).toEqual(['open']);
  });

  it('keeps work in progress (and acknowledged) alerts as active, but not closed ones', () => {
    const log = alertLogFromSnapshot(
      [
        makeAlert({ id: 'working', status: 'in_progress' }),
        makeAlert({ id: 'seen', status: 'acknowledged' }),
        makeAlert({ id: 'closed', status: 'resolved', closedAt: '2025-11-23T06:00:00.000Z' }),
      ],
      3,
    );
    expect(selectAlertList(log, 10).total).toBe(2);
    expect(
      selectActiveAlerts(log)
        .map((a) => a.id)
        .sort(),
    ).toEqual(['seen', 'working']);
  });

  it('is empty before the snapshot', () => {
    expect(selectAlertList(undefined, 10)).toEqual({ items: [], total: 0 });
  });
});

describe('countBySeverity', () => {
  it('counts each severity', () => {
    expect(
      countBySeverity([
        makeAlert({ severity: 'Extreme' }),
        makeAlert({ severity: 'Extreme' }),
        makeAlert({ severity: 'Minor' }),
      ]),
    ).toEqual({ Minor: 1, Moderate: 0, Severe: 0, Extreme: 2 });
  });
});
