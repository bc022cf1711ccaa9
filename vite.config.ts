import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The client lives in client/; the server (server/http.ts) serves the built files from dist/client.
export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: { outDir: '../dist/client', emptyOutDir: true, sourcemap: true },
  server: {
    // `npm run dev` proxies the API and the sync socket to a running `nianbao serve`.
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/sync': { target: 'ws://127.0.0.1:8080', ws: true },
    },
  },
});
