// A real socket.io client for tests: keeps its seat's view up to date from `view` and
// `patch` messages and lets a test await "the next view where ...".
import jsonpatch from 'fast-json-patch';
import { io, type Socket } from 'socket.io-client';
import type { CommandInput, DrillView } from '../../shared/index.ts';
import type { CommandAck, Credential, PatchMessage, ViewMessage } from '../../shared/protocol.ts';

export interface TestClient {
  socket: Socket;
  view: () => DrillView;
  seq: () => number;
  /** Every payload received, as JSON text: for leak checks. */
  received: string[];
  waitFor(pred: (v: DrillView) => boolean, timeoutMs?: number): Promise<DrillView>;
  send(command: CommandInput, id?: string): Promise<CommandAck>;
  close(): void;
}

let counter = 0;

export async function connect(url: string, cred: Credential, lastSeq?: number): Promise<TestClient> {
  const socket = io(url, {
    transports: ['websocket'],
    auth: { drillId: cred.drillId, token: cred.token, ...(lastSeq !== undefined ? { lastSeq } : {}) },
    reconnection: true,
    reconnectionDelay: 50,
  });
  let view: DrillView | null = null;
  let seq = -1;
  const received: string[] = [];
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((w) => w());

  socket.on('view', (msg: ViewMessage) => {
    received.push(JSON.stringify(msg));
    view = msg.view;
    seq = msg.seq;
    notify();
  });
  socket.on('patch', (msg: PatchMessage) => {
    received.push(JSON.stringify(msg));
    if (!view || msg.from !== seq) {
      socket.emit('sync', { lastSeq: seq }, (res: { ok: boolean } & Partial<ViewMessage>) => {
        if (res.ok && res.view) {
          view = res.view;
          seq = res.seq!;
          notify();
        }
      });
      return;
    }
    view = jsonpatch.applyPatch(structuredClone(view), msg.ops as never, false, true).newDocument;
    seq = msg.seq;
    notify();
  });

  await new Promise<void>((resolve, reject) => {
    socket.once('view', () => resolve());
    socket.once('connect_error', (err: Error & { data?: unknown }) => reject(Object.assign(err, { data: err.data })));
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
          reject(new Error(`timed out waiting for a view (seq ${seq}, status ${view?.drill.status})`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    send(command, id = `cmd-${process.pid}-${++counter}-${Math.random().toString(36).slice(2)}`) {
      return socket.timeout(5000).emitWithAck('command', { id, command }) as Promise<CommandAck>;
    },
    close: () => socket.close(),
  };
}
