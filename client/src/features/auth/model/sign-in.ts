import { ApiError } from '../../../lib/api-client';
import { type Language, type MessageKey, type MessageParams, translate } from '../../../lib/i18n';

/** A message to show, as a dictionary key and its parameters. */
export interface Message {
  key: MessageKey;
  params?: MessageParams;
}

/** A wait in words: "45 giây", "2 phút", "2 phút 5 giây" (at least one second). Pure. */
export const waitText = (seconds: number, language: Language): string => {
  const whole = Math.max(1, Math.ceil(seconds));
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  if (minutes === 0) return translate(language, 'wait.seconds', { seconds: rest });
  if (rest === 0) return translate(language, 'wait.minutes', { minutes });
  return translate(language, 'wait.minutesSeconds', { minutes, seconds: rest });
};

/** Whole seconds left until `untilMs`; 0 once it has passed. Pure. */
export const secondsLeft = (untilMs: number, nowMs: number): number =>
  Math.max(0, Math.ceil((untilMs - nowMs) / 1_000));

/** The fields of the sign-in form that are missing. Pure. */
export const signInFormProblems = (form: {
  username: string;
  password: string;
}): Partial<Record<'username' | 'password', Message>> => ({
  ...(form.username.trim() === '' ? { username: { key: 'signIn.usernameRequired' } } : {}),
  ...(form.password === '' ? { password: { key: 'signIn.passwordRequired' } } : {}),
});

/** Until when a throttled sign-in must wait (ms since the epoch), or null when it need not. Pure. */
export const throttledUntil = (error: unknown, nowMs: number): number | null =>
  error instanceof ApiError && error.status === 429 && (error.retryAfterSeconds ?? 0) > 0
    ? nowMs + (error.retryAfterSeconds ?? 0) * 1_000
    : null;

/**
 * Why a sign-in failed, in words for the person at the keyboard. Pure. A throttled sign-in
 * tells how long to wait: `secondsToWait` when the caller counts it down, else the server's.
 */
export const signInFailureText = (
  error: unknown,
  language: Language,
  secondsToWait?: number,
): string => {
  if (!(error instanceof ApiError)) {
    return translate(language, 'signIn.failed', { message: String(error) });
  }
  switch (error.status) {
    case 0:
      return translate(language, 'signIn.unreachable');
    case 400:
    case 401:
      return translate(language, 'signIn.wrongCredentials');
    case 429: {
      const wait = secondsToWait ?? error.retryAfterSeconds;
      if (wait === undefined || wait <= 0) return translate(language, 'signIn.throttledNoWait');
      return translate(language, 'signIn.throttled', { wait: waitText(wait, language) });
    }
    default:
      return translate(language, 'signIn.failed', { message: error.message });
  }
};
