import { createNodeWebSocket } from '@hono/node-ws';
import { LIVE_CLOSE, LIVE_PATH } from '@tally/client-sdk';
import { Hono } from 'hono';
import type { UpgradeWebSocket, WSContext } from 'hono/ws';
import { ApiError, errorResponse } from '../http/error-response.ts';
import type { LiveConnection, LiveSocket } from './live-connection.ts';
import type { LiveHub } from './live-hub.ts';

/** Largest frame a client may send (a token and a query fit many times over). */
export const LIVE_MAX_FRAME_BYTES = 64 * 1024;

interface RawSocket {
  bufferedAmount?: number;
  terminate?(): void;
}

/** The hub's view of a Hono WebSocket context. */
function liveSocket(ws: WSContext): LiveSocket {
  const raw = ws.raw as RawSocket | undefined;
  return {
    send: (text) => ws.send(text),
    close: (code, reason) => ws.close(code, reason),
    get bufferedAmount() {
      return raw?.bufferedAmount ?? 0;
    },
    ...(raw?.terminate ? { terminate: () => raw.terminate!() } : {}),
  };
}

/**
 * `GET /v1/live` for any Hono runtime: upgrades with the runtime's `upgradeWebSocket` and hands the socket
 * to the hub. A plain `GET` (no `Upgrade: websocket`) gets `400`.
 *
 * @example
 * const { upgradeWebSocket } = createBunWebSocket();
 * app.route('/', liveRoutes(hub, upgradeWebSocket));
 */
export function liveRoutes(hub: LiveHub, upgradeWebSocket: UpgradeWebSocket<unknown>): Hono {
  const app = new Hono();
  app.get(
    LIVE_PATH,
    upgradeWebSocket((c) => {
      const origin = c.req.header('origin') || undefined;
      const host = c.req.header('host') || undefined;
      let connection: LiveConnection | undefined;
      return {
        onOpen(_event, ws) {
          connection = hub.open(liveSocket(ws), { ...(origin ? { origin } : {}), ...(host ? { host } : {}) });
        },
        onMessage(event, ws) {
          if (typeof event.data === 'string') connection?.receive(event.data);
          else ws.close(LIVE_CLOSE.badMessage, 'message: send JSON text frames');
        },
        onClose() {
          connection?.closed();
        },
      };
    }),
    (c) => errorResponse(c, new ApiError('bad_request', `${LIVE_PATH}: connect with a WebSocket (Upgrade: websocket)`)),
  );
  return app;
}

/** The live socket on `@hono/node-server`. */
export interface NodeLive {
  /** The route, to mount on the app too (so a plain `GET` is answered). */
  routes: Hono;
  /** Listens for upgrades on the Node server; every other upgrade path is refused with `404`. */
  inject(server: Parameters<ReturnType<typeof createNodeWebSocket>['injectWebSocket']>[0]): void;
}

/**
 * Serves the hub on Node through `@hono/node-ws`. Upgrade requests are routed through a Hono app holding
 * only {@link liveRoutes}, so the main app needs no reference to the WebSocket server and vice versa.
 */
export function attachLive(hub: LiveHub): NodeLive {
  const app = new Hono();
  const nodeWs = createNodeWebSocket({ app });
  // @hono/node-ws takes no options; ws reads maxPayload at each upgrade, so a pre-auth peer can't send 100 MiB.
  nodeWs.wss.options.maxPayload = LIVE_MAX_FRAME_BYTES;
  const routes = liveRoutes(hub, nodeWs.upgradeWebSocket as UpgradeWebSocket<unknown>);
  app.route('/', routes);
  return { routes, inject: (server) => nodeWs.injectWebSocket(server) };
}
