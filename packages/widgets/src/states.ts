import { html, nothing, type TemplateResult } from 'lit';

/** The empty-state message of a widget that has no client: neither its own nor a `<tally-provider>`'s. */
export const NOT_CONNECTED = 'Not connected: place this widget in a <tally-provider>.';

/**
 * The loading state of a card that shows a chart: a placeholder as tall as the chart, then the message.
 * Styled by `stateStyles` (`.skeleton`, `.message`) and the card's `.chart-skeleton`.
 */
export function chartLoadingState(message: string): TemplateResult {
  return html`<div class="skeleton chart-skeleton" aria-hidden="true"></div>
    <p part="message" class="message">${message}</p>`;
}

/** The empty state of a data-bound widget: {@link NOT_CONNECTED} without a client, else `message`. */
export function emptyState(connected: boolean, message: string): TemplateResult {
  return html`<p part="message" class="message">${connected ? message : NOT_CONNECTED}</p>`;
}

/** The error state: the message as an alert, with a Retry button when `retry` is given (a failed load). */
export function errorState(message: string, retry?: () => void): TemplateResult {
  return html`<div part="message" class="message error" role="alert">
    ${message}
    ${retry === undefined ? nothing : html`<button part="retry" class="retry" type="button" @click=${retry}>Retry</button>`}
  </div>`;
}
