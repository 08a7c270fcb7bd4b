import { defineConfig } from 'vite';

// The renderer is a plain Vite app; TSX is transformed by Vite's built-in
// transformer using tsconfig's `jsx: react-jsx` (no React plugin needed).
export default defineConfig({
  root: 'renderer',
  base: './',
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  worker: {
    format: 'es',
  },
  server: {
    port: 5173,
    strictPort: false,
  },
});
