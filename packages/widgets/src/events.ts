/** Codes carried by a `tally-error` event. */
export type TallyErrorEventCode = 'invalid_attribute';

/** `detail` of the `tally-error` event that widgets fire instead of throwing. */
export interface TallyErrorDetail {
  /** Stable machine-readable code. */
  code: TallyErrorEventCode;
  /** The attribute (or property-only input, such as `series`) that is wrong. */
  attribute: string;
  /** Short lowercase message naming the attribute, as shown in the widget. */
  message: string;
}

/**
 * Creates the `tally-error` event: it bubbles and crosses shadow roots, so a host page can listen once on
 * `document`.
 *
 * @example
 * document.addEventListener('tally-error', (e) => console.warn(e.detail.message));
 */
export function tallyErrorEvent(detail: TallyErrorDetail): CustomEvent<TallyErrorDetail> {
  return new CustomEvent('tally-error', { detail, bubbles: true, composed: true });
}

declare global {
  // Elements, document and window all extend this map, so `addEventListener('tally-error', …)` is typed on each.
  interface GlobalEventHandlersEventMap {
    'tally-error': CustomEvent<TallyErrorDetail>;
  }
}
