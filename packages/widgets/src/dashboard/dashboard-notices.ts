import { html, nothing, type TemplateResult } from 'lit';
import type { ResourceError, ResourceState } from '../data/resource-controller.ts';
import type { SaveState } from './dashboard-store.ts';

/** The layout items left out, as an alert listing why. */
export function problemsNotice(problems: readonly string[]): TemplateResult | typeof nothing {
  if (problems.length === 0) return nothing;
  return html`<div part="problems" class="message error" role="alert">
    ${problems.length === 1 ? '1 layout item was left out:' : `${problems.length} layout items were left out:`}
    <ul class="problems">
      ${problems.map((p) => html`<li>${p}</li>`)}
    </ul>
  </div>`;
}

/** Where loading and saving the user's layout stand, with a Retry button after a failure. */
export function statusLine(
  load: { state: ResourceState; error: ResourceError | undefined; retry: () => void },
  save: { state: SaveState; error: ResourceError | undefined; retry: () => void },
): TemplateResult | typeof nothing {
  let text: string | undefined;
  let retry: (() => void) | undefined;
  if (load.state === 'error') {
    text = `Could not load the saved layout: ${load.error?.message ?? 'unknown error'}`;
    retry = load.retry;
  } else if (save.state === 'failed' && save.error?.code !== 'conflict') {
    text = `Could not save: ${save.error?.message ?? 'unknown error'}`;
    retry = save.retry;
  } else if (save.state === 'pending' || save.state === 'saving') text = 'Saving…';
  else if (save.state === 'saved') text = 'Saved';
  else if (save.state === 'failed') text = 'Reloaded the layout saved elsewhere';
  if (text === undefined) return nothing;
  return html`<div part="status" class="bar">
    <span>${text}</span> ${retry === undefined ? nothing : html`<button class="retry" type="button" @click=${retry}>Retry</button>`}
  </div>`;
}
