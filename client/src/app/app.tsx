import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect } from 'react';
import { ROUTE_PATHS } from '../config/routes';
import { purgeSessionData, useSession } from '../features/auth/api/session';
import { DisplaySignInView } from '../features/auth/components/display-sign-in-view';
import { LoginView } from '../features/auth/components/login-view';
import { loginPathFor, nextPathFromSearch } from '../features/auth/model/next-path';
import { clientConfigQueryOptions } from '../lib/client-config';
import { useI18n } from '../lib/i18n';
import { AppLink } from './app-link';
import { currentPathWithSearch, navigate, useLocationSearch, useRoute } from './router';
import { SignedInApp } from './signed-in-app';
import { useDocumentLanguage } from './use-app-effects';

/** Goes somewhere in place of the current page (a redirect Back should not return to). */
const replaceWith = (path: string) => navigate(path, { replace: true });

/** A short line while the app cannot show a screen yet. */
const StatusView = ({ text }: { text: string }) => (
  <main className="not-found" aria-busy="true">
    <p role="status">{text}</p>
  </main>
);

/** Nobody is signed in: off to the sign-in page, which comes back here afterwards. */
const RedirectToLogin = () => {
  const { t } = useI18n();
  useEffect(() => {
    replaceWith(loginPathFor(currentPathWithSearch()));
  }, []);
  return <StatusView text={t('signIn.redirecting')} />;
};

/**
 * The app: the sign-in pages for nobody, the screens for a signed-in principal. Which one is
 * decided by the session (`/api/auth/me`), never by reloading the page.
 */
export const App = () => {
  const { t } = useI18n();
  const route = useRoute();
  const search = useLocationSearch();
  const queryClient = useQueryClient();
  const config = useQuery(clientConfigQueryOptions());
  const session = useSession();
  useDocumentLanguage();

  // Signed out (or the session ended): what it loaded goes too, once its screens are gone.
  const isSignedOut = session.data === null;
  useEffect(() => {
    if (isSignedOut) purgeSessionData(queryClient);
  }, [isSignedOut, queryClient]);

  // A wall screen's home is the wall display.
  const goToDisplayHome = useCallback(() => replaceWith(ROUTE_PATHS.wall), []);

  if (route === 'login') {
    return (
      <div className="app">
        <LoginView
          config={config.data}
          next={nextPathFromSearch(search)}
          onSignedIn={replaceWith}
        />
      </div>
    );
  }
  if (route === 'display') {
    return (
      <div className="app">
        <DisplaySignInView
          config={config.data}
          onSignedIn={goToDisplayHome}
          loginLink={
            <AppLink to={ROUTE_PATHS.login} className="button">
              {t('displaySignIn.toLogin')}
            </AppLink>
          }
        />
      </div>
    );
  }
  if (session.data === undefined) {
    return (
      <div className="app">
        <StatusView
          text={session.failureCount > 0 ? t('app.configFailed') : t('signIn.checking')}
        />
      </div>
    );
  }
  if (session.data === null) {
    return (
      <div className="app">
        <RedirectToLogin />
      </div>
    );
  }
  return <SignedInApp session={session.data} route={route} config={config} />;
};
