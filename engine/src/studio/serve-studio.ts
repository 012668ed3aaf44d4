// Serves the built studio (a static SPA) with a strict Content-Security-Policy: scripts only from
// this origin plus the hashes of the inline boot script SvelteKit writes into index.html. The build
// precompresses its assets (adapter-static `precompress`): a browser that accepts brotli or gzip
// gets the .br or .gz file beside the asset.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import type { Context } from 'hono';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

interface IndexPage {
  html: string;
  csp: string;
}

const indexCache = new Map<string, IndexPage>();

export function studioCsp(html: string): string {
  const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
    (m) =>
      `'sha256-${createHash('sha256')
        .update(m[1] ?? '')
        .digest('base64')}'`,
  );
  return [
    "default-src 'self'",
    `script-src 'self' ${hashes.join(' ')}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

function indexPage(dir: string): IndexPage | undefined {
  const cached = indexCache.get(dir);
  if (cached) return cached;
  try {
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    const page = { html, csp: studioCsp(html) };
    indexCache.set(dir, page);
    return page;
  } catch {
    return undefined;
  }
}

export function serveStudio(c: Context, dir: string): Response {
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
    return c.json({ error: { code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}` } }, 404);
  }
  const relative = normalize(decodeURIComponent(c.req.path)).replace(/^(\.\.(\/|\\|$))+/, '');
  const file = join(dir, relative);
  if (file.startsWith(dir) && relative !== '/' && isFile(file)) {
    const immutable = relative.includes('/_app/immutable/');
    const encoding = precompressed(file, c.req.header('accept-encoding'));
    return new Response(readFileSync(encoding ? `${file}${encoding.suffix}` : file), {
      headers: {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        'x-content-type-options': 'nosniff',
        vary: 'accept-encoding',
        ...(encoding ? { 'content-encoding': encoding.name } : {}),
      },
    });
  }
  const page = indexPage(dir);
  if (!page) {
    return c.text('The studio is not built. Run `npm run build` (npm start does it for you).', 503);
  }
  return new Response(page.html, {
    headers: {
      'content-type': TYPES['.html'] as string,
      'cache-control': 'no-cache',
      'content-security-policy': page.csp,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'same-origin',
    },
  });
}

const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/** The best precompressed copy of `file` the browser accepts, if the build wrote one. */
function precompressed(file: string, acceptEncoding: string | undefined) {
  if (!acceptEncoding) return undefined;
  const accepted = new Set(
    acceptEncoding
      .split(',')
      .map((part) => part.trim().split(';'))
      .filter(([, q]) => q?.trim() !== 'q=0')
      .map(([name]) => name?.trim().toLowerCase()),
  );
  return ENCODINGS.find((encoding) => accepted.has(encoding.name) && isFile(`${file}${encoding.suffix}`));
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
