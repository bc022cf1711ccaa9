import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Writes `asset-manifest.json`: every JS and CSS file of the build. The service worker caches
 * them all when it installs, the lazily loaded report page included, so that a report opens
 * offline even if this browser only ever showed the list online.
 */
function assetManifest(): Plugin {
  return {
    name: 'nianbao-asset-manifest',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((name) => /\.(js|css)$/.test(name));
      this.emitFile({ type: 'asset', fileName: 'asset-manifest.json', source: JSON.stringify(files.map((name) => `/${name}`)) });
    },
  };
}

// The client lives in client/; the server (server/http.ts) serves the built files from dist/client.
export default defineConfig({
  root: 'client',
  plugins: [react(), assetManifest()],
  // No source maps in the build: served, they would hand out the client's source as written
  // (comments, names) to anyone; test/e2e/security.test.ts checks the output has none.
  build: { outDir: '../dist/client', emptyOutDir: true, sourcemap: false },
  server: {
    // `npm run dev` proxies the API and the sync socket to a running `nianbao serve`.
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/sync': { target: 'ws://127.0.0.1:8080', ws: true },
    },
  },
});
