import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

// The dev server forwards /api and /ws to a running stack (nginx on 8080 by default);
// in production nginx serves dist/ itself and routes /api/ and /ws.
const backend = process.env.QSTREAM_BACKEND ?? 'http://127.0.0.1:8080';

/**
 * Writes NAME.gz beside each text file of the build, once, at the best level,
 * for nginx's `gzip_static on` (conf/nginx-qstream.conf): a browser gets the
 * smallest file with no compression work per request. Small files (under
 * 1 KiB, where gzip saves nearly nothing) and source maps (never served) get
 * none; a file that gzip would not make smaller gets none either.
 */
function precompress(): Plugin {
  return {
    name: 'qstream-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      const dir = options.dir;
      if (!dir) return;
      for (const name of Object.keys(bundle)) {
        if (!/\.(js|css|html|svg|json)$/.test(name) || name.startsWith('.vite/')) continue;
        const source = readFileSync(join(dir, name));
        if (source.length < 1024) continue;
        const gz = gzipSync(source, { level: constants.Z_BEST_COMPRESSION });
        if (gz.length < source.length) writeFileSync(join(dir, `${name}.gz`), gz);
      }
    },
  };
}

export default defineConfig({
  plugins: [react(), tailwindcss(), precompress()],
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
    // Maps are written (dist/assets/*.map, in the release tarball, for reading
    // a stack trace from a bug report) but 'hidden': no bundle names its map,
    // so no browser asks for one; `make install` leaves them out and nginx
    // answers 404 for any *.map. They hold the whole source with its comments,
    // and a kiosk or a phone has no use for megabytes of them.
    sourcemap: 'hidden',
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
