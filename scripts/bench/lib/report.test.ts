import { describe, expect, it } from 'vitest';
import { type BenchResult, formatFigureLine, summaryMarkdown, verdictOf } from './report';

describe('verdictOf', () => {
  it.each([
    [{ op: '>=', value: 10 }, 10, 'pass'],
    [{ op: '>=', value: 10 }, 9, 'FAIL'],
    [{ op: '<=', value: 100 }, 99, 'pass'],
    [{ op: '<=', value: 100 }, Number.NaN, 'FAIL'],
  ] as const)('holds %j against %d as %s', (target, value, expected) => {
    expect(verdictOf({ label: 'x', value, unit: 'u', target })).toBe(expected);
  });

  it('has no verdict without a target', () => {
    expect(verdictOf({ label: 'x', value: 1, unit: 'u' })).toBe('—');
  });
});

describe('summaryMarkdown', () => {
  it('lists every figure with its target and verdict, then what was skipped', () => {
    const result: BenchResult = {
      name: 'ingest',
      title: 'Ingest',
      startedAt: '2026-01-01T00:00:00.000Z',
      durationMs: 1,
      loadAverage: 0.5,
      figures: [
        { label: 'PGlite', value: 25_000, unit: 'events/s', target: { op: '>=', value: 20_000 } },
      ],
      skipped: ['PostgreSQL: DATABASE_URL is not set'],
      notes: [],
    };
    const md = summaryMarkdown(
      [result],
      {
        cores: 2,
        cpuModel: 'cpu',
        memoryGiB: 4,
        node: 'v20',
        platform: 'linux',
        openFilesLimit: '1024',
      },
      new Date('2026-01-01T00:00:00.000Z'),
    );
    expect(md).toContain('| ingest | PGlite | 25,000 events/s | ≥ 20,000 events/s | pass |');
    expect(md).toContain('- ingest: PostgreSQL: DATABASE_URL is not set');
    expect(md).toContain('2 cores');
  });
});

describe('formatFigureLine', () => {
  it('prints the figure, its target and the verdict on one line', () => {
    expect(
      formatFigureLine('latency', {
        label: 'p99',
        value: 42.5,
        unit: 'ms',
        target: { op: '<=', value: 100 },
      }),
    ).toBe('[bench] latency       p99: 42.5 ms  target ≤ 100 ms  pass');
  });
});
