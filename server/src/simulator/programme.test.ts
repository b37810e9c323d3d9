import { describe, expect, it } from 'vitest';
import { sampleProgramme } from './programme';

const SEED = 168;

describe('sampleProgramme', () => {
  it('reports the seeds’ figures around late 2026, one report per local day', () => {
    const report = sampleProgramme(new Date('2026-11-23T05:00:00Z'), SEED);
    expect(report.reportedAt).toBe('2026-11-22T17:00:00.000Z');
    expect(report.digitalEconomySharePct).toBeGreaterThan(26.5);
    expect(report.digitalEconomySharePct).toBeLessThan(28.5);
    expect(report.dxBudgetSharePct).toBeGreaterThanOrEqual(1.2);
    expect(report.dxBudgetSharePct).toBeLessThanOrEqual(1.24);
    expect(report.civilServantsTrained).toBeGreaterThan(3_000);
    expect(report.civilServantsTrained).toBeLessThanOrEqual(4_000);
    expect(report.tasksOnSchedule + report.tasksInProgress + report.tasksNotUpdated).toBe(18);
    expect(sampleProgramme(new Date('2026-11-23T16:59:00Z'), SEED)).toEqual(report);
  });

  it('moves toward the goals over time and stays deterministic', () => {
    const early = sampleProgramme(new Date('2025-03-01T05:00:00Z'), SEED);
    const late = sampleProgramme(new Date('2027-06-01T05:00:00Z'), SEED);
    expect(late.digitalEconomySharePct).toBeGreaterThan(early.digitalEconomySharePct);
    expect(late.civilServantsTrained).toBe(4_000);
    expect(early.tasksOnSchedule).toBe(7);
    expect(sampleProgramme(new Date('2025-03-01T05:00:00Z'), SEED)).toEqual(early);
  });
});
