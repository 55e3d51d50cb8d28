import { readFileSync } from 'node:fs';

/** Path of the reference page's script, served as a file so the page needs no inline script. */
export const REFERENCE_SCRIPT_PATH = '/v1/reference.js';
/** Path of the reference page's stylesheet. */
export const REFERENCE_STYLE_PATH = '/v1/reference.css';

/** The script and stylesheet, read once: they sit beside this file. */
export const REFERENCE_SCRIPT = readFileSync(new URL('./reference.js', import.meta.url), 'utf8');
export const REFERENCE_STYLE = readFileSync(new URL('./reference.css', import.meta.url), 'utf8');

/**
 * The page's policy: its own script, style and API only. No inline script or style, no other origin.
 */
export const REFERENCE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The reference page: a static shell the script fills from `/v1/openapi.json`. Nothing in it is data. */
export const REFERENCE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tally API reference</title>
<link rel="stylesheet" href="${REFERENCE_STYLE_PATH}">
<script type="module" src="${REFERENCE_SCRIPT_PATH}"></script>
</head>
<body>
<header>
<h1 id="title">Tally API</h1>
<a href="/v1/openapi.json">openapi.json</a>
<label>Bearer token <input id="token" type="password" autocomplete="off" placeholder="embed token or tk_… API key"></label>
</header>
<p id="description" class="muted"></p>
<nav id="toc" aria-label="Tags"></nav>
<main id="operations"><p>Loading the API description…</p></main>
</body>
</html>
`;
