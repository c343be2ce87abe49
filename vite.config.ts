import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('./renderer', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/renderer', import.meta.url));

export default defineConfig({
  root,
  // Relative asset URLs: the same build is served from app:// in Electron and from the harness over HTTP.
  base: './',
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    // The CSP is default-src 'self': a data: URL for a font or image would be refused.
    assetsInlineLimit: 0,
    // zxcvbn's word lists are one script of ~1.7 MB, loaded from disk only by the passphrase screens.
    chunkSizeWarningLimit: 2000,
    sourcemap: false,
    rolldownOptions: {
      output: {
        // A lazily loaded script's name lands in the page (the modulepreload links the loader adds),
        // and patient mode must show nothing that names the clinician's screens: name them by hash.
        chunkFileNames: 'assets/[hash].js',
      },
    },
  },
});
