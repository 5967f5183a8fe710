/** Vite build of the panel (served by the connector at /admin/) and the vitest project `admin-ui` (happy-dom). */
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

const src = fileURLToPath(new URL('./src', import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/admin/',
  plugins: [vue()],
  resolve: { alias: { '@': src } },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1200 },
  // `vite` (dev): the API calls go to the connector started by `npm start` (port from CONNECTOR_URL).
  server: { proxy: { '/api': process.env.CONNECTOR_URL ?? 'http://127.0.0.1:3000', '/health': process.env.CONNECTOR_URL ?? 'http://127.0.0.1:3000' } },
  test: {
    name: 'admin-ui',
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
