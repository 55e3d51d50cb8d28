/**
 * A minimal live-socket client for the benches: connects to /v1/live with the `ws` package, authenticates,
 * subscribes to one query and reports each `result`'s first-series total with the time it arrived.
 */
import type { LiveServerMessage, QueryRequest } from '@tally/client-sdk';
import WebSocket from 'ws';

/** One open, subscribed socket. */
export interface LiveClient {
  socket: WebSocket;
  /** The total of the latest `result`. */
  total: number;
  /** Called on every `result` with its total and `performance.now()` at arrival. */
  onResult?: (total: number, at: number) => void;
  close(): void;
}

/**
 * Opens a socket, sends `auth` then `subscribe`, and resolves once the first `result` arrived.
 * Rejects on an `error` message or a close before that.
 */
export function openLiveClient(url: string, token: string, query: QueryRequest): Promise<LiveClient> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/v1/live`);
  return new Promise<LiveClient>((resolve, reject) => {
    const client: LiveClient = { socket, total: Number.NaN, close: () => socket.terminate() };
    let subscribed = false;
    socket.once('open', () => socket.send(JSON.stringify({ type: 'auth', token })));
    socket.on('message', (data) => {
      const at = performance.now();
      const message = JSON.parse(String(data)) as LiveServerMessage;
      if (message.type === 'ready' && !subscribed) {
        subscribed = true;
        socket.send(JSON.stringify({ type: 'subscribe', id: 'q', query }));
      } else if (message.type === 'result') {
        const first = Number.isNaN(client.total);
        client.total = message.result.series[0]?.total ?? 0;
        client.onResult?.(client.total, at);
        if (first) resolve(client);
      } else if (message.type === 'error') {
        reject(new Error(`live: ${message.code}: ${message.message}`));
      }
    });
    socket.once('error', reject);
    socket.once('close', (code, reason) => reject(new Error(`live: closed ${code} ${String(reason)}`)));
  });
}
