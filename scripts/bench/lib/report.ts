import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RESULTS_DIR } from './paths';

/** A target a figure is held to: at least (`>=`) or at most (`<=`) `value`. */
export interface Target {
  op: '>=' | '<=';
  value: number;
}

/** One measured number, as printed and as it appears in the summary table. */
export interface Figure {
  label: string;
  value: number;
  unit: string;
  target?: Target;
  /** Short context shown beside the figure (sizes, conditions). */
  note?: string;
}

/** What one benchmark writes to results/<name>.json. */
export interface BenchResult {
  name: string;
  title: string;
  startedAt: string;
  durationMs: number;
  /** The machine's 1-minute load average when it started: other work skews the figures. */
  loadAverage: number;
  figures: Figure[];
  /** Why the benchmark (or part of it) did not run, or what went wrong. */
  skipped: string[];
  notes: string[];
}

export type Verdict = 'pass' | 'FAIL' | '—';

export const verdictOf = (figure: Figure): Verdict => {
  if (!figure.target || !Number.isFinite(figure.value)) return figure.target ? 'FAIL' : '—';
  return (
    figure.target.op === '>='
      ? figure.value >= figure.target.value
      : figure.value <= figure.target.value
  )
    ? 'pass'
    : 'FAIL';
};

/** Thousands separated, at most `digits` decimals (fewer for large numbers). */
export const formatNumber = (value: number): string => {
  if (!Number.isFinite(value)) return String(value);
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits });
};

export const formatTarget = (target: Target | undefined, unit: string): string =>
  target ? `${target.op === '>=' ? '≥' : '≤'} ${formatNumber(target.value)} ${unit}` : '—';

/** The one line format every benchmark prints its figures in (grep-able: `[bench]`). */
export const formatFigureLine = (bench: string, figure: Figure): string => {
  const verdict = verdictOf(figure);
  const target = figure.target
    ? `  target ${formatTarget(figure.target, figure.unit)}  ${verdict}`
    : '';
  const note = figure.note ? `  (${figure.note})` : '';
  return `[bench] ${bench.padEnd(13)} ${figure.label}: ${formatNumber(figure.value)} ${figure.unit}${target}${note}`;
};

/**
 * Collects a benchmark's figures, prints each as it comes, and writes results/<name>.json at
 * the end (also when the benchmark fails half-way: what was measured is kept).
 */
export const createReport = (name: string, title: string) => {
  const startedAt = new Date();
  const result: BenchResult = {
    name,
    title,
    startedAt: startedAt.toISOString(),
    durationMs: 0,
    loadAverage: os.loadavg()[0] ?? 0,
    figures: [],
    skipped: [],
    notes: [],
  };
  console.log(
    `\n[bench] ${name}: ${title} (load average ${result.loadAverage.toFixed(1)} at start)`,
  );
  return {
    result,
    figure(figure: Figure) {
      result.figures.push(figure);
      console.log(formatFigureLine(name, figure));
    },
    skip(reason: string) {
      result.skipped.push(reason);
      console.log(`[bench] ${name.padEnd(13)} SKIPPED: ${reason}`);
    },
    note(text: string) {
      result.notes.push(text);
      console.log(`[bench] ${name.padEnd(13)} note: ${text}`);
    },
    write() {
      result.durationMs = Date.now() - startedAt.getTime();
      fs.mkdirSync(RESULTS_DIR, { recursive: true });
      fs.writeFileSync(
        path.join(RESULTS_DIR, `${name}.json`),
        `${JSON.stringify(result, null, 2)}\n`,
      );
      console.log(`[bench] ${name.padEnd(13)} done in ${(result.durationMs / 1000).toFixed(1)} s`);
    },
  };
};
export type Report = ReturnType<typeof createReport>;

/** Runs a benchmark's body, always writing its result, and exits non-zero on a crash. */
export const runBench = async (report: Report, body: () => Promise<void>) => {
  try {
    await body();
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    report.skip(`failed: ${message.split('\n')[0]}`);
    console.error(message);
    process.exitCode = 1;
  } finally {
    report.write();
  }
};

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
  openFilesLimit: string;
}

/** The summary: machine, then one table row per figure, then skipped parts and notes. */
export const summaryMarkdown = (
  results: readonly BenchResult[],
  machine: MachineInfo,
  at: Date,
): string => {
  const lines = [
    '# Benchmark summary',
    '',
    `Measured ${at.toISOString()} by \`pnpm bench\`.`,
    '',
    `Machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB RAM, Node ${machine.node}, ${machine.platform}, open files limit ${machine.openFilesLimit}.`,
    '',
    '| benchmark | figure | value | target | result |',
    '|---|---|---:|---|---|',
  ];
  for (const r of results) {
    for (const f of r.figures) {
      const label = f.note ? `${f.label} (${f.note})` : f.label;
      lines.push(
        `| ${r.name} | ${label} | ${formatNumber(f.value)} ${f.unit} | ${formatTarget(f.target, f.unit)} | ${verdictOf(f)} |`,
      );
    }
    if (r.figures.length === 0) lines.push(`| ${r.name} | (no figures) | | | |`);
  }
  lines.push(
    '',
    `Load average (1 min) at the start of each: ${results.map((r) => `${r.name} ${r.loadAverage.toFixed(1)}`).join(', ')}; above ${machine.cores} other work shared the cores.`,
  );
  const skipped = results.flatMap((r) => r.skipped.map((s) => `- ${r.name}: ${s}`));
  if (skipped.length > 0) lines.push('', '## Skipped or failed', '', ...skipped);
  const notes = results.flatMap((r) => r.notes.map((n) => `- ${r.name}: ${n}`));
  if (notes.length > 0) lines.push('', '## Notes', '', ...notes);
  return `${lines.join('\n')}\n`;
};
