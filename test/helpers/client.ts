// A real socket.io client for tests: keeps its seat's view up to date from `view` and
// `patch` messages and lets a test await "the next view where ...".
import jsonpatch from 'fast-json-patch';
import { io, type Socket } from 'socket.io-client';
import type { CommandInput, DrillError, DrillView } from '../../shared/index.ts';
import type {
  Ack,
  CommandAck,
  Credential,
  PatchMessage,
  ViewMessage,
} from '../../shared/protocol.ts';

export interface TestClient {
  socket: Socket;
  view: () => DrillView;
  seq: () => number;
  /** Every payload received (views, patches, sync replies), as JSON text: for leak checks. */
  received: string[];
  waitFor(pred: (v: DrillView) => boolean, timeoutMs?: number): Promise<DrillView>;
  send(command: CommandInput, id?: string): Promise<CommandAck>;
  /** Asks for the whole view again (`sync`) and adopts it. */
  sync(): Promise<Ack<ViewMessage>>;
  close(): void;
}

let counter = 0;

/** A command id no other test uses. */
export const commandId = (): string =>
  `cmd-${process.pid}-${++counter}-${Math.random().toString(36).slice(2)}`;

export async function connect(
  url: string,
  cred: Credential,
  lastSeq?: number,
): Promise<TestClient> {
  const socket = io(url, {
    transports: ['websocket'],
    auth: {
      drillId: cred.drillId,
      token: cred.token,
      ...(lastSeq !== undefined ? { lastSeq } : {}),
    },
    reconnection: true,
    reconnectionDelay: 50,
    // A restarted server is back within a second or two: retry often.
    reconnectionDelayMax: 250,
  });
  let view: DrillView | null = null;
  let seq = -1;
  const received: string[] = [];
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((w) => w());
  const adopt = (msg: ViewMessage) => {
    view = msg.view;
    seq = msg.seq;
    notify();
  };
  const sync = () =>
    new Promise<Ack<ViewMessage>>((resolve) => {
      socket.emit('sync', { lastSeq: Math.max(seq, 0) }, (res: Ack<ViewMessage>) => {
        received.push(JSON.stringify(res));
        if (res.ok) adopt(res);
        resolve(res);
      });
    });

  socket.on('view', (msg: ViewMessage) => {
    received.push(JSON.stringify(msg));
    adopt(msg);
  });
  socket.on('patch', (msg: PatchMessage) => {
    received.push(JSON.stringify(msg));
    if (!view || msg.from !== seq) {
      void sync();
      return;
    }
    view = jsonpatch.applyPatch(structuredClone(view), msg.ops as never, false, true).newDocument;
    seq = msg.seq;
    notify();
  });

  await new Promise<void>((resolve, reject) => {
    // Only the first handshake decides; later reconnection errors are retried by socket.io.
    const refused = (err: Error & { data?: unknown }) => {
      socket.close();
      reject(Object.assign(err, { data: err.data }));
    };
    socket.once('connect_error', refused);
    socket.once('view', () => {
      socket.off('connect_error', refused);
      resolve();
    });
  });

  return {
    socket,
    view: () => view!,
    seq: () => seq,
    received,
    waitFor(pred, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (view && pred(view)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(view);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`timed out waiting for a view (seq ${seq}, status ${view?.drill.status})`),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    send(command, id = commandId()) {
      return socket.timeout(5000).emitWithAck('command', { id, command }) as Promise<CommandAck>;
    },
    sync,
    close: () => socket.close(),
  };
}

/**
 * Tries a handshake and reports how the server refused it: the typed error of
 * `connect_error`, or 'dropped' when the connection was closed without one.
 * Resolves 'connected' if the server let it in.
 */
export function handshake(
  url: string,
  auth: unknown,
  extra: { origin?: string } = {},
): Promise<DrillError | 'dropped' | 'connected'> {
  const socket = io(url, {
    transports: ['websocket'],
    auth: auth as never,
    reconnection: false,
    forceNew: true,
    ...(extra.origin ? { extraHeaders: { origin: extra.origin } } : {}),
  });
  return new Promise<DrillError | 'dropped' | 'connected'>((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (err: Error & { data?: DrillError }) =>
      resolve(err.data ?? 'dropped'),
    );
    socket.once('disconnect', () => resolve('dropped'));
  }).finally(() => socket.close());
}
