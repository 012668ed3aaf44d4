import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { serveStudio } from './serve-studio.ts';

function builtStudio(): string {
  const dir = mkdtempSync(join(tmpdir(), 'studio-'));
  mkdirSync(join(dir, '_app/immutable/entry'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<html><script>boot()</script></html>');
  const script = 'console.log("start");'.repeat(50);
  writeFileSync(join(dir, '_app/immutable/entry/start.js'), script);
  writeFileSync(join(dir, '_app/immutable/entry/start.js.gz'), gzipSync(script));
  writeFileSync(join(dir, '_app/immutable/entry/start.js.br'), brotliCompressSync(script));
  writeFileSync(join(dir, 'favicon.svg'), '<svg/>');
  return dir;
}

describe('serveStudio', () => {
  const dir = builtStudio();
  const app = new Hono().notFound((c) => serveStudio(c, dir));
  const get = (path: string, acceptEncoding?: string) =>
    app.request(path, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });

  it('sends the precompressed copy the browser accepts, brotli first, and says it varies by encoding', async () => {
    const br = await get('/_app/immutable/entry/start.js', 'gzip, deflate, br');
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toBe('accept-encoding');
    expect(br.headers.get('content-type')).toBe('text/javascript; charset=utf-8');

    const gzip = await get('/_app/immutable/entry/start.js', 'gzip');
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gzip.arrayBuffer())).toString()).toContain('console.log("start")');
  });

  it('sends the plain file to a browser that accepts no encoding, or refuses one with q=0, or when none was written', async () => {
    for (const accept of [undefined, 'identity', 'br;q=0, gzip;q=0']) {
      const plain = await get('/_app/immutable/entry/start.js', accept);
      expect(plain.headers.get('content-encoding'), String(accept)).toBeNull();
      expect(await plain.text()).toContain('console.log("start")');
    }
    const svg = await get('/favicon.svg', 'gzip, br');
    expect(svg.headers.get('content-encoding')).toBeNull();
    expect(await svg.text()).toBe('<svg/>');
  });

  it('answers unknown paths with the SPA page under its script-hash CSP', async () => {
    const page = await get('/schemes/42', 'gzip');
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self' 'sha256-/);
  });
});
