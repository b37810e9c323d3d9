/**
 * `pnpm bench [name …]`: runs each benchmark in turn, each in its own Node process (so one's
 * memory and sockets never weigh on the next), then writes results/summary.md from their
 * results/<name>.json: every figure with its target and verdict, and the machine.
 *
 * Each benchmark also runs alone: `pnpm bench ingest`, or
 * `pnpm --dir scripts exec tsx bench/ingest.ts`. Sizes come from BENCH_* variables (see the
 * top of each file and README.md § Benchmarks).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { machineInfo } from './lib/machine';
import { BENCH_DIR, RESULTS_DIR, ROOT, TSX_LOADER } from './lib/paths';
import { type BenchResult, formatFigureLine, summaryMarkdown, verdictOf } from './lib/report';

/** In the order they run: quick and self-contained first, the browser and Node-RED last. */
const BENCHMARKS = [
  'bundle',
  'ingest',
  'broadcast',
  'alert-latency',
  'sockets',
  'first-render',
  'node-red',
] as const;

const asked = process.argv.slice(2).filter((a) => a !== '--');
const unknown = asked.filter((a) => !(BENCHMARKS as readonly string[]).includes(a));
if (unknown.length > 0) {
  console.error(
    `unknown benchmark(s): ${unknown.join(', ')}; choose from ${BENCHMARKS.join(', ')}`,
  );
  process.exit(2);
}
const chosen = asked.length > 0 ? BENCHMARKS.filter((b) => asked.includes(b)) : [...BENCHMARKS];

const runOne = (name: string) =>
  new Promise<number>((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', TSX_LOADER, path.join(BENCH_DIR, `${name}.ts`)],
      {
        stdio: 'inherit',
      },
    );
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });

const started = new Date();
const machine = machineInfo();
console.log(
  `[bench] ${chosen.length} benchmark(s) on ${machine.cores} cores (${machine.cpuModel}), Node ${machine.node}`,
);
fs.mkdirSync(RESULTS_DIR, { recursive: true });
const results: BenchResult[] = [];
let crashed = 0;
for (const name of chosen) {
  const file = path.join(RESULTS_DIR, `${name}.json`);
  fs.rmSync(file, { force: true });
  const code = await runOne(name);
  if (code !== 0) crashed += 1;
  if (fs.existsSync(file)) results.push(JSON.parse(fs.readFileSync(file, 'utf8')) as BenchResult);
  else
    results.push({
      name,
      title: name,
      startedAt: new Date().toISOString(),
      durationMs: 0,
      loadAverage: 0,
      figures: [],
      skipped: [`exited with ${code} before writing a result`],
      notes: [],
    });
}

const summary = path.join(RESULTS_DIR, 'summary.md');
fs.writeFileSync(summary, summaryMarkdown(results, machine, started));
console.log(`\n[bench] summary (${((Date.now() - started.getTime()) / 1000).toFixed(0)} s):`);
for (const r of results) {
  for (const f of r.figures) if (f.target) console.log(formatFigureLine(r.name, f));
  for (const s of r.skipped) console.log(`[bench] ${r.name.padEnd(13)} SKIPPED: ${s}`);
}
const failed = results.flatMap((r) => r.figures).filter((f) => verdictOf(f) === 'FAIL').length;
console.log(`[bench] ${failed} target(s) missed; written ${path.relative(ROOT, summary)}`);
process.exitCode = crashed > 0 ? 1 : 0;
