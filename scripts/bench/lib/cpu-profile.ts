import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

export interface HotSpot {
  name: string;
  selfMs: number;
  share: number;
}

/** Where a frame's code lives: a package, our own code, Node's internals, or the engine. */
const placeOf = (url: string): string => {
  if (url === '') return '(native/VM)';
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] as string;
  if (url.startsWith('node:')) return 'node internals';
  const own = /\/(server|shared|scripts)\/src\/|\/(server|shared)\//.exec(url);
  if (own) return `${own[1] ?? own[2]} (ours)`;
  return url.startsWith('wasm://') ? 'wasm' : path.basename(url);
};

/** Self time per function and per package, largest first. */
export const hotSpots = (profile: CpuProfile, top = 12) => {
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const samples = profile.samples?.length ?? 0;
  const msPerHit = samples > 0 ? totalMs / samples : 0;
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = `${functionName || '(anonymous)'} ${url ? `${placeOf(url)}:${lineNumber + 1}` : placeOf(url)}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + hits * msPerHit);
    byPlace.set(placeOf(url), (byPlace.get(placeOf(url)) ?? 0) + hits * msPerHit);
  }
  const rank = (m: Map<string, number>): HotSpot[] =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, selfMs]) => ({ name, selfMs, share: totalMs > 0 ? selfMs / totalMs : 0 }));
  return { totalMs, functions: rank(byFunction), places: rank(byPlace) };
};

/** Profiles `work` with the in-process inspector; writes the .cpuprofile (DevTools opens it). */
export const profile = async <T>(file: string, work: () => Promise<T>) => {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  let cpu: CpuProfile;
  let result: T;
  try {
    result = await work();
  } finally {
    cpu = ((await session.post('Profiler.stop')) as { profile: CpuProfile }).profile;
    session.disconnect();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(cpu));
  }
  return { result, spots: hotSpots(cpu) };
};

export const formatHotSpots = (spots: ReturnType<typeof hotSpots>): string[] => [
  `self time by package/place (of ${spots.totalMs.toFixed(0)} ms):`,
  ...spots.places.map((s) => `  ${(s.share * 100).toFixed(1).padStart(5)}%  ${s.name}`),
  'self time by function:',
  ...spots.functions.map((s) => `  ${(s.share * 100).toFixed(1).padStart(5)}%  ${s.name}`),
];
