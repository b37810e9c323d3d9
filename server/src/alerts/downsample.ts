/**
 * Evens a time series out to at most `max` points: readings are averaged per equal slice of
 * [from, to]. Fewer readings than `max` come back as they are. Pure.
 */
export const downsample = (
  points: readonly { at: string; value: number }[],
  from: number,
  to: number,
  max: number,
): { at: string; value: number }[] => {
  if (points.length <= max || to <= from) return [...points];
  const width = (to - from) / max;
  const buckets = new Map<number, { t: number; sum: number; n: number }>();
  for (const p of points) {
    const t = Date.parse(p.at);
    const i = Math.min(max - 1, Math.max(0, Math.floor((t - from) / width)));
    const b = buckets.get(i) ?? { t: 0, sum: 0, n: 0 };
    b.t += t;
    b.sum += p.value;
    b.n += 1;
    buckets.set(i, b);
  }
  return [...buckets.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([, b]) => ({
      at: new Date(Math.round(b.t / b.n)).toISOString(),
      value: Math.round((b.sum / b.n) * 1000) / 1000,
    }));
};
