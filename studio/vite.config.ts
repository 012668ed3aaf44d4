// The studio is a client-only SPA: the engine serves build/ at `/` with index.html as the fallback,
// on the same origin as the API. In development Vite proxies the API and webhooks to the engine.
import adapter from '@sveltejs/adapter-static';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

const engine = 'http://localhost:8080';
const proxy = { '/api': engine, '/hooks': engine };

export default defineConfig({
  plugins: [
    sveltekit({
      adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', strict: true, precompress: true }),
    }),
  ],
  server: { port: 5173, proxy },
  preview: { port: 4173, proxy },
});
