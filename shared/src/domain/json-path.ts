/**
 * Reads a dot path ("a.b.0.c") from parsed JSON. An empty path returns the value itself.
 * Returns undefined when any step is missing; never throws.
 */
export const readPath = (value: unknown, path: string): unknown => {
  if (path === '' || path === '$') return value;
  const steps = path.replace(/^\$\.?/, '').split('.');
  let current: unknown = value;
  for (const step of steps) {
    if (current === null || typeof current !== 'object') return undefined;
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(step)) return undefined;
      current = current[Number(step)];
    } else {
      if (!Object.hasOwn(current, step)) return undefined;
      current = (current as Record<string, unknown>)[step];
    }
  }
  return current;
};
