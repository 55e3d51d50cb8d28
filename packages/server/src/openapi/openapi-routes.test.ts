import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { openApiRoutes } from './openapi-routes.ts';

const app = new Hono().route('/', openApiRoutes('9.9.9'));

describe('openapi routes', () => {
  it('serves the document as JSON without auth', async () => {
    const res = await app.request('/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const doc = (await res.json()) as { openapi: string; info: { version: string } };
    expect(doc).toMatchObject({ openapi: '3.1.0', info: { version: '9.9.9' } });
  });

  it('serves the reference page with a CSP and no inline script or style', async () => {
    const res = await app.request('/v1/reference');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("connect-src 'self'");
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts).toHaveLength(1);
    for (const [, attributes, content] of scripts) {
      expect(attributes).toContain('src="/v1/reference.js"');
      expect(content!.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b|\son[a-z]+=|style="/i);
    expect(html).toContain('href="/v1/reference.css"');
  });

  it('serves the script and stylesheet with their content types', async () => {
    const js = await app.request('/v1/reference.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const script = await js.text();
    expect(script).toContain('/v1/openapi.json');
    expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    const css = await app.request('/v1/reference.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });
});
