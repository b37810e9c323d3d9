import {
  type AlertAction,
  AlertActionSchema,
  type AlertEventType,
  AlertEventTypeSchema,
  type AlertStatus,
  AlertStatusSchema,
} from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import { DICTIONARY } from '../../../lib/i18n';
import {
  ALERT_ACTIONS,
  actionLabelKey,
  allowedActions,
  isActionAllowed,
  isActiveAlert,
  LIFECYCLE_STEPS,
  lifecycleStep,
  lifecycleStepIndex,
  lifecycleStepLabelKey,
  orderedTimeline,
  stepState,
  timelineLabelKey,
} from './alert-lifecycle';

const CLOSED_AT = '2025-11-23T07:00:00.000Z';
const alertIn = (status: AlertStatus, closedAt: string | null = null) => ({ status, closedAt });

describe('allowedActions', () => {
  it.each<[string, { status: AlertStatus; closedAt: string | null }, AlertAction[]]>([
    ['open', alertIn('open'), ['acknowledge', 'start', 'resolve']],
    ['acknowledged', alertIn('acknowledged'), ['start', 'resolve']],
    ['in progress', alertIn('in_progress'), ['resolve']],
    ['resolved, not closed', alertIn('resolved'), ['close']],
    ['resolved and closed', alertIn('resolved', CLOSED_AT), []],
  ])('offers exactly the moves on from %s', (_, alert, expected) => {
    expect(allowedActions(alert)).toEqual(expected);
  });

  it('mirrors the server: every action is allowed from exactly the statuses it names', () => {
    const allowedFrom = (action: AlertAction) =>
      AlertStatusSchema.options.filter((status) => isActionAllowed(alertIn(status), action));
    expect(allowedFrom('acknowledge')).toEqual(['open']);
    expect(allowedFrom('start')).toEqual(['open', 'acknowledged']);
    expect(allowedFrom('resolve')).toEqual(['open', 'acknowledged', 'in_progress']);
    expect(allowedFrom('close')).toEqual(['resolved']);
    expect(isActionAllowed(alertIn('resolved', CLOSED_AT), 'close')).toBe(false);
  });

  it('covers every action of the contract, in button order', () => {
    expect([...ALERT_ACTIONS].sort()).toEqual([...AlertActionSchema.options].sort());
    expect(ALERT_ACTIONS).toEqual(['acknowledge', 'start', 'resolve', 'close']);
  });
});

describe('isActiveAlert', () => {
  it('treats open, acknowledged and in progress as active, resolved as not', () => {
    expect(AlertStatusSchema.options.filter((status) => isActiveAlert({ status }))).toEqual([
      'open',
      'acknowledged',
      'in_progress',
    ]);
  });
});

describe('lifecycle stepper', () => {
  it('places each status on its step, and a closed alert on the last one', () => {
    expect(lifecycleStepIndex(alertIn('open'))).toBe(0);
    expect(lifecycleStepIndex(alertIn('acknowledged'))).toBe(1);
    expect(lifecycleStepIndex(alertIn('in_progress'))).toBe(2);
    expect(lifecycleStepIndex(alertIn('resolved'))).toBe(3);
    expect(lifecycleStepIndex(alertIn('resolved', CLOSED_AT))).toBe(4);
    expect(lifecycleStep(alertIn('resolved', CLOSED_AT))).toBe('closed');
    expect(LIFECYCLE_STEPS).toHaveLength(5);
  });

  it('marks the steps before the current one done and the later ones upcoming', () => {
    const current = lifecycleStepIndex(alertIn('in_progress'));
    expect(LIFECYCLE_STEPS.map((_, index) => stepState(index, current))).toEqual([
      'done',
      'done',
      'current',
      'upcoming',
      'upcoming',
    ]);
  });

  it('reads Mở → Đã xác nhận → Đang xử lý → Đã xử lý → Đã đóng in Vietnamese', () => {
    expect(LIFECYCLE_STEPS.map((step) => DICTIONARY.vi[lifecycleStepLabelKey(step)])).toEqual([
      'Mở',
      'Đã xác nhận',
      'Đang xử lý',
      'Đã xử lý',
      'Đã đóng',
    ]);
  });
});

describe('labels', () => {
  it('names every event type of the contract, in both languages', () => {
    for (const type of AlertEventTypeSchema.options) {
      const key = timelineLabelKey(type);
      expect(DICTIONARY.vi[key], type).toBeTruthy();
      expect(DICTIONARY.en[key], type).toBeTruthy();
    }
    expect(DICTIONARY.vi[timelineLabelKey('assigned')]).toBe('Phân công');
    expect(DICTIONARY.vi[timelineLabelKey('progressed')]).toBe('Bắt đầu xử lý');
  });

  it('labels the action buttons as the operators say them', () => {
    expect(ALERT_ACTIONS.map((action) => DICTIONARY.vi[actionLabelKey(action)])).toEqual([
      'Xác nhận',
      'Bắt đầu xử lý',
      'Đã xử lý',
      'Đóng',
    ]);
  });
});

describe('orderedTimeline', () => {
  it('orders the entries by seq, whatever order they came in', () => {
    const entry = (seq: number, type: AlertEventType) => ({
      seq,
      type,
      at: '2025-11-23T05:00:00.000Z',
      actor: null,
    });
    const entries = [entry(7, 'closed'), entry(2, 'raised'), entry(5, 'resolved')];
    expect(orderedTimeline(entries).map((e) => e.seq)).toEqual([2, 5, 7]);
    expect(entries.map((e) => e.seq)).toEqual([7, 2, 5]);
  });
});
