import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dev server forwards HTTP and the Socket.IO websocket to the API server, so the client
// always talks to its own origin (the built app is served by the API server itself).
const apiTarget = process.env.IOC_API_URL ?? 'http://localhost:8080';
const proxy = {
  '/api': { target: apiTarget, changeOrigin: true },
  '/socket.io': { target: apiTarget, changeOrigin: true, ws: true },
};

// luma.gl (deck.gl's GPU layer) imports its WebGL device on demand when the map starts.
const LUMA_GL = /[\\/]node_modules[\\/]@luma\.gl[\\/]/;

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    // MapLibre and deck.gl live in the lazily loaded map chunks; they are large by nature.
    chunkSizeWarningLimit: 2_000,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              // Vite's preload helper is used by the first load too; keeping it apart stops
              // the luma.gl group from pulling it in (and the first load from needing luma.gl).
              name: 'preload-helper',
              test: /vite[\\/]preload-helper/,
              priority: 2,
            },
            {
              // One chunk for luma.gl, loaded with the map chunk: its WebGL device is then
              // already in memory when the map starts, so starting the map needs no further
              // fetch that a server restart could break.
              name: 'luma-gl',
              test: LUMA_GL,
              priority: 1,
            },
          ],
        },
      },
    },
  },
  // MapLibre 6 starts its worker as a module worker; `?worker&url` makes Vite bundle the worker
  // (and anything it imports) into one self-contained ES chunk, see features/map/lib/maplibre-worker.ts.
  worker: { format: 'es' },
  server: { port: 5173, proxy },
  preview: { port: 4173, proxy },
});
