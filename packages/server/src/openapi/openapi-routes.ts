import { Hono } from 'hono';
import { buildOpenApiDocument } from './openapi-document.ts';
import {
  REFERENCE_CSP, REFERENCE_HTML, REFERENCE_SCRIPT, REFERENCE_SCRIPT_PATH, REFERENCE_STYLE, REFERENCE_STYLE_PATH,
} from './reference-page.ts';

/** Path of the OpenAPI document. */
export const OPENAPI_PATH = '/v1/openapi.json';
/** Path of the interactive API reference page. */
export const REFERENCE_PATH = '/v1/reference';

/**
 * `GET /v1/openapi.json` (the OpenAPI 3.1 document, no auth) and `GET /v1/reference` (a page that renders it,
 * with a "Try it" form per operation), with the page's script and stylesheet.
 *
 * @example
 * createApp({ …, routes: [openApiRoutes(VERSION), …] });
 */
export function openApiRoutes(version: string): Hono {
  const app = new Hono();
  const document = buildOpenApiDocument(version);
  const cache = 'public, max-age=300';

  app.get(OPENAPI_PATH, (c) => {
    c.header('Cache-Control', cache);
    c.header('Access-Control-Allow-Origin', '*');
    return c.json(document);
  });
  app.get(REFERENCE_PATH, (c) => {
    c.header('Content-Security-Policy', REFERENCE_CSP);
    c.header('Cache-Control', cache);
    return c.html(REFERENCE_HTML);
  });
  app.get(REFERENCE_SCRIPT_PATH, (c) => {
    c.header('Cache-Control', cache);
    return c.body(REFERENCE_SCRIPT, 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
  });
  app.get(REFERENCE_STYLE_PATH, (c) => {
    c.header('Cache-Control', cache);
    return c.body(REFERENCE_STYLE, 200, { 'Content-Type': 'text/css; charset=utf-8' });
  });
  return app;
}
