import type { Severity } from '@city-ioc/shared';

/** One beep: pitch in Hz, start and length in seconds from the start of the pattern. */
export interface Tone {
  frequency: number;
  start: number;
  duration: number;
}

/**
 * A distinct pattern per severity, so an operator knows how bad it is without looking: more
 * beeps, higher and faster as it gets worse. Generated (Web Audio oscillators), no sound files.
 */
export const ALARM_TONES: Record<Severity, readonly Tone[]> = {
  Minor: [{ frequency: 440, start: 0, duration: 0.15 }],
  Moderate: [
    { frequency: 523, start: 0, duration: 0.18 },
    { frequency: 523, start: 0.3, duration: 0.18 },
  ],
  Severe: [
    { frequency: 660, start: 0, duration: 0.16 },
    { frequency: 660, start: 0.24, duration: 0.16 },
    { frequency: 660, start: 0.48, duration: 0.16 },
  ],
  Extreme: [
    { frequency: 880, start: 0, duration: 0.12 },
    { frequency: 660, start: 0.15, duration: 0.12 },
    { frequency: 880, start: 0.3, duration: 0.12 },
    { frequency: 660, start: 0.45, duration: 0.12 },
    { frequency: 880, start: 0.6, duration: 0.12 },
  ],
};

/** How long a pattern lasts, in seconds. Pure. */
export const patternLength = (tones: readonly Tone[]) =>
  tones.reduce((end, t) => Math.max(end, t.start + t.duration), 0);
