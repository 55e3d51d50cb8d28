import { html, nothing, type TemplateResult } from 'lit';
import type { ResourceController } from '../data/resource-controller.ts';
import type { TallyErrorDetail } from '../events.ts';

/** What a revenue card shows besides its ready state: `R` is the widget's ready view. */
export type CardView<R> = { state: 'loading' | 'empty' } | { state: 'error'; message: string; retry: boolean } | R;

/**
 * A revenue card's view from its input problem and its data controller: an invalid input, then a failed load
 * (with Retry, `failed` when the error has no message), then `ready(value)` once there is data (the last value
 * stays while reloading), empty without a client, else loading.
 */
export function cardView<T, R>(
  problem: TallyErrorDetail | undefined,
  data: ResourceController<T>,
  failed: string,
  ready: (value: T) => CardView<R>,
): CardView<R> {
  if (problem !== undefined) return { state: 'error', message: problem.message, retry: false };
  if (data.state === 'error') return { state: 'error', message: data.error?.message ?? failed, retry: true };
  if (data.value !== undefined) return ready(data.value);
  if (data.state === 'idle' && data.client === undefined) return { state: 'empty' };
  return { state: 'loading' };
}

/**
 * The card the revenue widgets render (styled by `revenueCardStyles`): a `<figure part="base">` carrying
 * `data-state` and `aria-busy`, named by its title, with the title and any head extras (span, currency
 * picker, Table button) in the caption, then the body (a state message, or the chart or table).
 */
export function revenueCard(
  card: { state: string; busy: boolean; title: string },
  extras: TemplateResult | typeof nothing,
  body: TemplateResult,
): TemplateResult {
  return html`<figure part="base" class="card" data-state=${card.state} aria-labelledby="title" aria-busy=${card.busy ? 'true' : nothing}>
    <figcaption class="head">
      <span part="title" class="title" id="title">${card.title}</span>
      ${extras}
    </figcaption>
    ${body}
  </figure>`;
}
