import type { ClientConfig } from '@city-ioc/shared';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { ApiError } from '../../../lib/api-client';
import { useI18n } from '../../../lib/i18n';
import { useNow } from '../../../lib/use-now';
import { replaceSession, useSession, useSignIn } from '../api/session';
import {
  type Message,
  secondsLeft,
  signInFailureText,
  signInFormProblems,
  throttledUntil,
} from '../model/sign-in';
import { type SignInNotice, useSignInNoticeStore } from '../store';
import { AuthShell } from './auth-shell';

const NOTICE_KEYS = {
  sessionEnded: 'signIn.sessionEnded',
  displayEnded: 'signIn.displayEnded',
  signedOut: 'signIn.signedOut',
} as const satisfies Record<Exclude<SignInNotice, null>, string>;

interface LoginViewProps {
  config: ClientConfig | undefined;
  /** Where to go once signed in (already checked: a path of this site). */
  next: string;
  /** Goes to `next`, replacing the sign-in page in the history. */
  onSignedIn: (next: string) => void;
}

/**
 * The sign-in page: user name and password. A wrong pair says so without telling which was
 * wrong; a throttled sign-in counts its wait down and keeps the button disabled meanwhile.
 */
export const LoginView = ({ config, next, onSignedIn }: LoginViewProps) => {
  const { language, t } = useI18n();
  const queryClient = useQueryClient();
  const session = useSession();
  const signIn = useSignIn();
  const notice = useSignInNoticeStore((state) => state.notice);
  const noticeCleared = useSignInNoticeStore((state) => state.noticeCleared);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [problems, setProblems] = useState<Partial<Record<'username' | 'password', Message>>>({});
  const [blockedUntil, setBlockedUntil] = useState<number | null>(null);
  const now = useNow(1_000);
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const ids = { title: useId(), username: useId(), password: useId(), error: useId() };

  const wait = blockedUntil === null ? 0 : secondsLeft(blockedUntil, now);
  const isThrottleOver =
    signIn.error instanceof ApiError &&
    signIn.error.status === 429 &&
    blockedUntil !== null &&
    wait === 0;
  const failure =
    signIn.isError && !isThrottleOver
      ? signInFailureText(signIn.error, language, wait > 0 ? wait : undefined)
      : null;

  // The first thing to type is the user name.
  useEffect(() => {
    usernameRef.current?.focus();
  }, []);

  // Signed in already (another tab, or Back to this page): go on.
  const isSignedIn = Boolean(session.data);
  useEffect(() => {
    if (isSignedIn) onSignedIn(next);
  }, [isSignedIn, next, onSignedIn]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (signIn.isPending || wait > 0) return;
    const found = signInFormProblems({ username, password });
    setProblems(found);
    if (found.username) {
      usernameRef.current?.focus();
      return;
    }
    if (found.password) {
      passwordRef.current?.focus();
      return;
    }
    signIn.mutate(
      { username: username.trim(), password },
      {
        onSuccess: (signedIn) => {
          noticeCleared();
          replaceSession(queryClient, signedIn);
          onSignedIn(next);
        },
        onError: (error) => {
          setBlockedUntil(throttledUntil(error, Date.now()));
          setPassword('');
          passwordRef.current?.focus();
        },
      },
    );
  };

  const describedBy = (field: 'username' | 'password') =>
    [problems[field] ? `${ids[field]}-problem` : null, failure ? ids.error : null]
      .filter(Boolean)
      .join(' ') || undefined;

  return (
    <AuthShell config={config} titleId={ids.title}>
      <form className="auth-card__form" noValidate onSubmit={submit} data-testid="login-form">
        <h2 id={ids.title} className="auth-card__title">
          {t('signIn.title')}
        </h2>
        <p className="auth-card__intro">{t('signIn.intro')}</p>
        {notice && !failure ? (
          <p className="form-notice auth-card__notice" role="status" data-testid="login-notice">
            {t(NOTICE_KEYS[notice])}
          </p>
        ) : null}
        <div className="field">
          <label htmlFor={ids.username} className="field__label">
            {t('signIn.username')}
          </label>
          <input
            ref={usernameRef}
            id={ids.username}
            name="username"
            className="input"
            type="text"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            aria-invalid={Boolean(problems.username)}
            aria-describedby={describedBy('username')}
            value={username}
            onChange={(event) => setUsername(event.target.value)}
            data-testid="login-username"
          />
          {problems.username ? (
            <span id={`${ids.username}-problem`} className="field__error">
              {t(problems.username.key)}
            </span>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor={ids.password} className="field__label">
            {t('signIn.password')}
          </label>
          <input
            ref={passwordRef}
            id={ids.password}
            name="password"
            className="input"
            type="password"
            autoComplete="current-password"
            required
            aria-invalid={Boolean(problems.password)}
            aria-describedby={describedBy('password')}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            data-testid="login-password"
          />
          {problems.password ? (
            <span id={`${ids.password}-problem`} className="field__error">
              {t(problems.password.key)}
            </span>
          ) : null}
        </div>
        {failure ? (
          <p id={ids.error} className="form-alert" role="alert" data-testid="login-error">
            {failure}
          </p>
        ) : null}
        <button
          type="submit"
          className="button button--primary auth-card__submit"
          disabled={signIn.isPending || wait > 0}
          data-testid="login-submit"
        >
          {signIn.isPending ? t('signIn.submitting') : t('signIn.submit')}
        </button>
      </form>
    </AuthShell>
  );
};
