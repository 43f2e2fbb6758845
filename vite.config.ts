import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The server serves dist/ in production; in development `npm run dev:web` proxies /api to a
// server started separately (API_URL, default the server's own default port).
export default defineConfig({
  plugins: [react()],
  root: '.',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: { '/api': { target: process.env.API_URL || 'http://127.0.0.1:3000', changeOrigin: false } },
  },
});
