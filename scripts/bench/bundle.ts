/**
 * Client bundle sizes, brotli-compressed as a server would send them (node:zlib, quality 11):
 * the initial JavaScript (index.html's entry and everything it imports statically) against
 * the map chunk (`map-view-*`, loaded on demand, with what it alone imports and the MapLibre
 * worker it starts), and the rest. Needs `pnpm build` (client/dist).
 *
 *   pnpm bench bundle
 */
import fs from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { ROOT } from './lib/paths';
import { createReport, runBench } from './lib/report';

const DIST = path.join(ROOT, 'client/dist');
/** Issue #5: the initial JavaScript stays within 150 KB brotli, the map chunk apart. */
const INITIAL_TARGET_KB = 150;

const brotli = (file: string) =>
  brotliCompressSync(fs.readFileSync(file), {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
  }).length;

/** Chunks a module imports statically (`from"./x.js"`, `import"./x.js"`), not `import()`. */
const staticImports = (code: string): string[] => {
  const found = new Set<string>();
  for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*["'`]\.\/([^"'`]+\.js)["'`]/g)) {
    if (m[1]) found.add(m[1]);
  }
  return [...found];
};

const closure = (assets: string, roots: readonly string[]) => {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const file = path.join(assets, name);
    if (fs.existsSync(file))
      for (const next of staticImports(fs.readFileSync(file, 'utf8'))) visit(next);
  };
  for (const r of roots) visit(r);
  return seen;
};

const kb = (bytes: number) => bytes / 1000;

const report = createReport('bundle', 'Client bundle sizes (brotli)');
await runBench(report, async () => {
  const indexHtml = path.join(DIST, 'index.html');
  if (!fs.existsSync(indexHtml)) {
    report.skip('client/dist is missing: run pnpm build first');
    return;
  }
  const assets = path.join(DIST, 'assets');
  const html = fs.readFileSync(indexHtml, 'utf8');
  const entry = /<script[^>]*type="module"[^>]*src="\/assets\/([^"]+)"/.exec(html)?.[1];
  if (!entry) throw new Error('no module entry script in client/dist/index.html');
  const preloads = [...html.matchAll(/rel="modulepreload"[^>]*href="\/assets\/([^"]+)"/g)].map(
    (m) => m[1] as string,
  );
  const css = [...html.matchAll(/rel="stylesheet"[^>]*href="\/assets\/([^"]+)"/g)].map(
    (m) => m[1] as string,
  );
  const initial = closure(assets, [entry, ...preloads]);
  const js = fs.readdirSync(assets).filter((f) => f.endsWith('.js'));
  const mapEntry = js.find((f) => f.startsWith('map-view-'));
  const map = new Set(
    [...closure(assets, mapEntry ? [mapEntry] : [])].filter((f) => !initial.has(f)),
  );
  // The MapLibre worker is fetched by the map at start, so it belongs to the map's cost.
  for (const f of js) if (f.startsWith('maplibre-gl-worker')) map.add(f);

  const rows = js.map((f) => ({
    file: f,
    group: initial.has(f) ? 'initial' : map.has(f) ? 'map' : 'other lazy',
    raw: fs.statSync(path.join(assets, f)).size,
    br: brotli(path.join(assets, f)),
  }));
  for (const f of css) {
    rows.push({
      file: f,
      group: 'initial CSS',
      raw: fs.statSync(path.join(assets, f)).size,
      br: brotli(path.join(assets, f)),
    });
  }
  rows.sort((a, b) => a.group.localeCompare(b.group) || b.br - a.br);
  for (const r of rows) {
    report.figure({
      label: `${r.group}: ${r.file}`,
      value: kb(r.br),
      unit: 'kB br',
      note: `${kb(r.raw).toFixed(1)} kB raw`,
    });
  }
  const total = (group: string) =>
    rows.filter((r) => r.group === group).reduce((n, r) => n + r.br, 0);
  report.figure({
    label: 'initial JS total (before the map chunk)',
    value: kb(total('initial')),
    unit: 'kB br',
    target: { op: '<=', value: INITIAL_TARGET_KB },
    note: `${[...initial].length} files; 1 kB = 1,000 bytes`,
  });
  report.figure({ label: 'initial CSS total', value: kb(total('initial CSS')), unit: 'kB br' });
  report.figure({
    label: 'map chunk total (map view, its own imports, MapLibre worker)',
    value: kb(total('map')),
    unit: 'kB br',
  });
  if (rows.some((r) => r.group === 'other lazy'))
    report.figure({
      label: 'other lazy chunks total',
      value: kb(total('other lazy')),
      unit: 'kB br',
    });
});
