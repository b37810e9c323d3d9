import { useEffect, useState } from 'react';

/** The current time in ms, refreshed every `intervalMs` (for clocks and "12 s ago" labels). */
export const useNow = (intervalMs = 1_000): number => {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
};
