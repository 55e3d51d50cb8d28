import { html } from 'hono/html';
import type { AdapterNames } from '@tally/core';

/** The placeholder front page until the demo portal lands: what is running and where to look. */
export function homePage(version: string, adapters: AdapterNames) {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Tally</title>
    <style>
      body { font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem; color: #1f2937; }
      code { background: #f3f4f6; padding: 0.1rem 0.3rem; border-radius: 4px; }
      dt { font-weight: 600; }
    </style>
  </head>
  <body>
    <h1>Tally ${version}</h1>
    <p>Embeddable analytics is running. Dashboards and the demo portal arrive with later releases.</p>
    <dl>
      <dt>Bus</dt><dd><code>${adapters.bus}</code></dd>
      <dt>Store</dt><dd><code>${adapters.store}</code></dd>
      <dt>Cache</dt><dd><code>${adapters.cache}</code></dd>
    </dl>
    <p><a href="/health">/health</a> · <a href="/metrics">/metrics</a></p>
  </body>
</html>`;
}
