/**
 * Sizes and switches of the benchmarks, from the environment (scripts may read process.env;
 * the product's code may not). Every size has a default that keeps `pnpm bench` near ten
 * minutes on two cores.
 */
export const envInt = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.replaceAll('_', ''));
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number`);
  return value;
};

/** A comma-separated list of whole numbers (e.g. BENCH_LATENCY_CLIENTS=1000,5000). */
export const envInts = (name: string, fallback: readonly number[]): number[] => {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return [...fallback];
  return raw.split(',').map((part) => {
    const value = Number(part.trim().replaceAll('_', ''));
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${name}: bad number "${part}"`);
    return value;
  });
};

export const envString = (name: string): string | undefined => {
  const raw = process.env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
};

export const envFlag = (name: string): boolean =>
  ['1', 'true', 'yes', 'on'].includes((process.env[name] ?? '').toLowerCase());
