import type { ClientConfig } from '@city-ioc/shared';
import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useId, useRef } from 'react';
import { ROUTE_PATHS } from '../../../config/routes';
import { ApiError } from '../../../lib/api-client';
import { useI18n } from '../../../lib/i18n';
import { replaceSession, useDisplaySignIn } from '../api/session';
import { signInFailureText } from '../model/sign-in';
import { useSignInNoticeStore } from '../store';
import { AuthShell } from './auth-shell';

interface DisplaySignInViewProps {
  config: ClientConfig | undefined;
  /** The wall screen is signed in: show its screen. */
  onSignedIn: () => void;
  /** A link to the password sign-in page. */
  loginLink: ReactNode;
}

/**
 * `/display?token=…`: a wall screen signs in with its display token. The token leaves the
 * address bar (and the history) at once, whatever happens next; it is kept in memory only for
 * a retry after a network failure.
 */
export const DisplaySignInView = ({ config, onSignedIn, loginLink }: DisplaySignInViewProps) => {
  const { language, t } = useI18n();
  const queryClient = useQueryClient();
  const signIn = useDisplaySignIn();
  const noticeCleared = useSignInNoticeStore((state) => state.noticeCleared);
  const titleId = useId();
  // Read once: the URL is rewritten below.
  const tokenRef = useRef<string | null | undefined>(undefined);
  if (tokenRef.current === undefined) {
    tokenRef.current = new URLSearchParams(window.location.search).get('token')?.trim() || null;
  }
  const startedRef = useRef(false);

  const run = () => {
    const token = tokenRef.current;
    if (!token) return;
    signIn.mutate(token, {
      onSuccess: (session) => {
        tokenRef.current = null;
        noticeCleared();
        replaceSession(queryClient, session);
        onSignedIn();
      },
    });
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per page load (a ref guards StrictMode's second run)
  useEffect(() => {
    if (startedRef.current) return;
    startedRef.current = true;
    if (window.location.search !== '' || window.location.hash !== '') {
      window.history.replaceState(window.history.state, '', ROUTE_PATHS.display);
    }
    run();
  }, []);

  const token = tokenRef.current;
  const error = signIn.error;
  const isRefused =
    error instanceof ApiError &&
    (error.status === 400 || error.status === 401 || error.status === 403);
  const isRetryable = error !== null && !isRefused && token !== null;

  return (
    <AuthShell config={config} titleId={titleId}>
      <div className="auth-card__form" data-testid="display-sign-in">
        <h2 id={titleId} className="auth-card__title">
          {t('displaySignIn.title')}
        </h2>
        {!token && !signIn.isSuccess && !error ? (
          <p className="form-alert" role="alert" data-testid="display-error">
            {t('displaySignIn.missingToken')}
          </p>
        ) : null}
        {signIn.isPending || signIn.isSuccess ? (
          <p className="auth-card__intro" role="status">
            {t('displaySignIn.signingIn')}
          </p>
        ) : null}
        {error ? (
          <p className="form-alert" role="alert" data-testid="display-error">
            {isRefused ? t('displaySignIn.badToken') : signInFailureText(error, language)}
          </p>
        ) : null}
        {isRetryable ? (
          <button type="button" className="button button--primary" onClick={run}>
            {t('region.retry')}
          </button>
        ) : null}
        {!signIn.isPending && !signIn.isSuccess ? loginLink : null}
      </div>
    </AuthShell>
  );
};
