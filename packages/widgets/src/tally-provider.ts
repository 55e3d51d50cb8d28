import { ContextProvider } from '@lit/context';
import { createClient, type GetToken } from '@tally/client-sdk';
import { LitElement, css, html, type PropertyDeclarations, type PropertyValues } from 'lit';
import { attachContextRoot, clientContext, type WidgetClient } from './data/client-context.ts';
import { defineElement } from './define-element.ts';
import { tallyErrorEvent } from './events.ts';

/**
 * Gives every Tally widget inside it a client: one connection, one live socket and one token for the
 * whole subtree. Configure it with `server` and a `getToken` callback (the host app's backend mints the
 * token), or with a `token` attribute on a simple page; or hand it a ready `client` (a mock in stories).
 *
 * @tagname tally-provider
 * @summary Connects the Tally widgets inside it to a server.
 * @example
 * <tally-provider server="https://tally.example.com">
 *   <metric-chart metric="mrr" range="90d" live></metric-chart>
 * </tally-provider>
 * <script type="module">
 *   document.querySelector('tally-provider').getToken = () => fetch('/api/tally-token').then((r) => r.json());
 * </script>
 *
 * @slot - The widgets.
 * @fires tally-error - `CustomEvent<{ code: 'invalid_attribute', attribute, message }>` when `server` is not a
 *   URL; bubbles and is composed.
 */
export class TallyProvider extends LitElement {
  static override properties: PropertyDeclarations = {
    server: { type: String },
    token: { type: String },
    getToken: { attribute: false },
    client: { attribute: false },
  };

  static override styles = css`
    :host {
      display: contents;
    }
  `;

  /** Base URL of the Tally server (absolute, or a path such as `/tally` on the page's origin). */
  declare server: string | undefined;
  /** A fixed embed token, for pages without a backend callback; `getToken` wins when both are set. */
  declare token: string | undefined;
  /** Returns an embed token (or `{ token, expiresAt }`), called again before it expires; property only. */
  declare getToken: GetToken | undefined;
  /** A ready client (the SDK's `createClient()` or a mock); wins over `server`; property only. */
  declare client: WidgetClient | undefined;

  readonly #provider = new ContextProvider(this, { context: clientContext });
  #created: { key: string; client: ReturnType<typeof createClient> } | undefined;

  constructor() {
    super();
    this.server = undefined;
    this.token = undefined;
    this.getToken = undefined;
    this.client = undefined;
    attachContextRoot();
  }

  /** The client the widgets below use, if any is configured. */
  get activeClient(): WidgetClient | undefined {
    return this.#provider.value;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('server') && !changed.has('token') && !changed.has('getToken') && !changed.has('client')) return;
    this.#provider.setValue(this.client ?? this.#own(), true);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#created?.client.close();
    this.#created = undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // A provider moved in the DOM reconnects with its settings intact.
    if (this.#provider.value === undefined && this.client === undefined && this.server) this.requestUpdate('server');
  }

  /** A client of its own from `server` and `getToken`/`token`; undefined while those are incomplete. */
  #own(): WidgetClient | undefined {
    const server = this.server?.trim();
    const getToken = this.getToken ?? (this.token ? () => Promise.resolve(this.token!) : undefined);
    const key = `${server}\n${this.token ?? ''}`;
    if (this.#created !== undefined && this.#created.key === key && this.getToken === undefined) return this.#created.client;
    this.#created?.client.close();
    this.#created = undefined;
    if (!server || getToken === undefined) return undefined;
    try {
      this.#created = { key, client: createClient({ url: server, getToken }) };
      return this.#created.client;
    } catch (error) {
      const message = `server: ${error instanceof Error ? error.message : String(error)}`;
      this.dispatchEvent(tallyErrorEvent({ code: 'invalid_attribute', attribute: 'server', message }));
      return undefined;
    }
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}

defineElement('tally-provider', TallyProvider);

declare global {
  interface HTMLElementTagNameMap {
    'tally-provider': TallyProvider;
  }
}
