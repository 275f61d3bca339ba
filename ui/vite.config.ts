import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

// Tauri serves `dist/` from the app bundle; relative asset paths keep it portable.
export default defineConfig({
  plugins: [vue()],
  base: './',
  clearScreen: false,
  server: { port: 1420, strictPort: true },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2021', chunkSizeWarningLimit: 1000 },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
