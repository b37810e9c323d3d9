import { describe, expect, it } from 'vitest';
import {
  AUDIT_ACTION_GROUPS,
  auditFilterProblems,
  auditQueryString,
  describeAuditDetails,
  emptyAuditFilter,
  zonedDayStart,
} from './audit-filter';

const HCMC = 'Asia/Ho_Chi_Minh';

describe('zonedDayStart', () => {
  it('starts a Vietnamese day at 17:00 UTC the day before', () => {
    expect(new Date(zonedDayStart('2025-11-23', HCMC) ?? 0).toISOString()).toBe(
      '2025-11-22T17:00:00.000Z',
    );
    expect(new Date(zonedDayStart('2025-11-23', HCMC, 1) ?? 0).toISOString()).toBe(
      '2025-11-23T17:00:00.000Z',
    );
  });

  it('follows daylight saving where there is some', () => {
    // Summer time in Paris (UTC+2) and winter time (UTC+1).
    expect(new Date(zonedDayStart('2025-07-01', 'Europe/Paris') ?? 0).toISOString()).toBe(
      '2025-06-30T22:00:00.000Z',
    );
    expect(new Date(zonedDayStart('2025-01-01', 'Europe/Paris') ?? 0).toISOString()).toBe(
      '2024-12-31T23:00:00.000Z',
    );
  });

  it('rolls over month ends', () => {
    expect(new Date(zonedDayStart('2025-12-31', HCMC, 1) ?? 0).toISOString()).toBe(
      '2025-12-31T17:00:00.000Z',
    );
  });

  it('has no day for something that is not a date', () => {
    expect(zonedDayStart('', HCMC)).toBeNull();
    expect(zonedDayStart('23/11/2025', HCMC)).toBeNull();
  });
});

describe('auditQueryString', () => {
  it('asks for everything, newest first, when nothing is filtered', () => {
    expect(auditQueryString(emptyAuditFilter(), HCMC)).toBe('limit=500');
  });

  it('puts every filter in the query', () => {
    const query = new URLSearchParams(
      auditQueryString(
        { action: 'auth.', actor: ' admin ', from: '2025-11-20', to: '2025-11-23' },
        HCMC,
        200,
      ),
    );
    expect(Object.fromEntries(query)).toEqual({
      action: 'auth.',
      actor: 'admin',
      from: '2025-11-19T17:00:00.000Z',
      // The whole of the 23rd, Vietnam time.
      to: '2025-11-23T16:59:59.999Z',
      limit: '200',
    });
  });

  it('offers one prefix per family of actions', () => {
    expect(AUDIT_ACTION_GROUPS.map((group) => group.prefix)).toEqual([
      '',
      'auth.',
      'feed.',
      'user.',
      'display_token.',
      'alert.',
    ]);
    for (const { prefix } of AUDIT_ACTION_GROUPS) {
      const query = new URLSearchParams(
        auditQueryString({ ...emptyAuditFilter(), action: prefix }, HCMC),
      );
      expect(query.get('action')).toBe(prefix === '' ? null : prefix);
    }
  });

  it('encodes an actor with URL characters', () => {
    const query = auditQueryString({ ...emptyAuditFilter(), actor: 'display:Tường 1&x' }, HCMC);
    expect(new URLSearchParams(query).get('actor')).toBe('display:Tường 1&x');
  });
});

describe('auditFilterProblems', () => {
  it('refuses a range that ends before it starts', () => {
    expect(
      auditFilterProblems({ ...emptyAuditFilter(), from: '2025-11-23', to: '2025-11-20' }),
    ).toEqual({ to: { key: 'validation.dateRange' } });
    expect(
      auditFilterProblems({ ...emptyAuditFilter(), from: '2025-11-23', to: '2025-11-23' }),
    ).toEqual({});
    expect(auditFilterProblems({ ...emptyAuditFilter(), from: '2025-11-23' })).toEqual({});
  });
});

describe('describeAuditDetails', () => {
  it('reads as one line of text', () => {
    expect(describeAuditDetails({ ip: '10.0.0.5', reason: 'invalid', attempts: 3 })).toBe(
      'ip: 10.0.0.5 · reason: invalid · attempts: 3',
    );
    expect(describeAuditDetails({ changed: ['role', 'departmentIds'] })).toBe(
      'changed: ["role","departmentIds"]',
    );
    expect(describeAuditDetails({})).toBe('');
  });

  it('cuts what is too long', () => {
    const text = describeAuditDetails({ blob: 'x'.repeat(1_000) });
    expect(text.length).toBe(300);
    expect(text.endsWith('…')).toBe(true);
  });
});
