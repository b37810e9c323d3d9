// MapLibre's stylesheet is part of the first load (before ours, which refines it): a lazily
// loaded stylesheet could fail to load on its own during a server restart.
import 'maplibre-gl/dist/maplibre-gl.css';
import './app/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { AppProviders } from './app/providers';
import { installApiSessionHooks } from './features/auth/api/session-end';
import { queryClient } from './lib/query-client';

// Every API call carries the session's CSRF token, and a 401 anywhere ends the session.
installApiSessionHooks(queryClient);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root, {
  // A region's error boundary shows the failure and offers a retry: for the console it is a
  // warning. Errors no boundary catches still reach the console as errors.
  onCaughtError: (error, info) =>
    console.warn('[app] caught by a region', error, info.componentStack),
}).render(
  <StrictMode>
    <AppProviders>
      <App />
    </AppProviders>
  </StrictMode>,
);
