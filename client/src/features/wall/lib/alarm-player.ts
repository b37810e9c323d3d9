import type { Severity } from '@city-ioc/shared';
import { ALARM_TONES } from '../model/alarm-tones';

export type AudioState = 'locked' | 'running' | 'unsupported';

export interface AlarmSnapshot {
  state: AudioState;
  played: number;
  last: Severity | null;
}

/**
 * Plays the severity tones through Web Audio. Browsers start audio only after a person
 * touched the page (autoplay rules): until then the state is `locked` and the wall shows a
 * one-time "turn sound on" button; a kiosk that allows autoplay starts `running` at once.
 * Subscribable, for React's useSyncExternalStore.
 */
export const createAlarmPlayer = () => {
  const Context: typeof AudioContext | undefined =
    typeof window === 'undefined' ? undefined : window.AudioContext;
  let context: AudioContext | null = null;
  let snapshot: AlarmSnapshot = {
    state: Context ? 'locked' : 'unsupported',
    played: 0,
    last: null,
  };
  const listeners = new Set<() => void>();
  const set = (next: Partial<AlarmSnapshot>) => {
    snapshot = { ...snapshot, ...next };
    for (const listener of listeners) listener();
  };
  const sync = () => {
    if (context) set({ state: context.state === 'running' ? 'running' : 'locked' });
  };

  return {
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    /** Creates the audio context; resumes it if a gesture (or the kiosk's policy) allows. */
    async unlock() {
      if (!Context) return;
      if (!context) {
        context = new Context();
        context.addEventListener('statechange', sync);
      }
      try {
        await context.resume();
      } catch {
        // Still locked: the button stays.
      }
      sync();
    },
    /** Plays a severity's pattern; false when audio is locked or unsupported. */
    play(severity: Severity, volume: number): boolean {
      if (context?.state !== 'running') return false;
      const start = context.currentTime + 0.02;
      for (const tone of ALARM_TONES[severity]) {
        const oscillator = context.createOscillator();
        const gain = context.createGain();
        oscillator.type = 'square';
        oscillator.frequency.value = tone.frequency;
        gain.gain.setValueAtTime(volume * 0.25, start + tone.start);
        gain.gain.setValueAtTime(0, start + tone.start + tone.duration);
        oscillator.connect(gain).connect(context.destination);
        oscillator.start(start + tone.start);
        oscillator.stop(start + tone.start + tone.duration);
      }
      set({ played: snapshot.played + 1, last: severity });
      return true;
    },
    async close() {
      await context?.close().catch(() => undefined);
      context = null;
    },
  };
};
export type AlarmPlayer = ReturnType<typeof createAlarmPlayer>;
