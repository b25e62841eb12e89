import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

// The dev server forwards /api and /ws to a running stack (nginx on 8080 by default);
// in production nginx serves dist/ itself and routes /api/ and /ws.
const backend = process.env.QSTREAM_BACKEND ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react(), tailwindcss()],
  resolve: {
    alias: { '@': decodeURIComponent(new URL('./src', import.meta.url).pathname) },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: false,
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/ws': { target: backend.replace(/^http/, 'ws'), ws: true, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    sourcemap: true,
    // dist/.vite/manifest.json: which chunk loads which (bench/bundles.sh reads it).
    manifest: true,
    // Swagger UI (the /docs chunk) is about 1.4 MB minified; it is loaded only there.
    chunkSizeWarningLimit: 1600,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // Everything the entry imports statically stays in the entry chunk.
          // Left to itself, Rolldown moves React into a chunk of its own as soon
          // as a lazy chunk shared by two screens (react-redux: the dashboards'
          // charts and /docs) needs it: one more request, and more bytes, for
          // the kiosk, the board and the tracking page (bench/bundles.sh).
          groups: [{ name: 'index', tags: ['$initial'] }],
        },
      },
    },
  },
});
