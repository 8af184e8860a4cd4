// The socket lifecycle, in one place: connect with this device's credential, take the
// server's view and patches, re-sync after a gap, reconnect after a drop, send commands
// with an acknowledgement and retry them under the same id (the server applies a command
// once), also when the server was busy (see ../lib/command-retry.ts). Nothing else in the
// client touches socket.io.
import { io, type Socket } from 'socket.io-client';
import type { CommandInput } from '../../shared/engine/commands.ts';
import type { DrillView } from '../../shared/engine/view-for.ts';
import type {
  ClientToServer,
  Credential,
  PatchMessage,
  ServerToClient,
} from '../../shared/protocol.ts';
import { reconcile, type ClockSample } from '../lib/clock.ts';
import { sendWithRetry, type CommandResult, type Refusal } from '../lib/command-retry.ts';
import { describeError } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import { forgetSeats } from './credentials.ts';
import { initialDrillStore, useDrillStore } from './drill-store.ts';
import { receivePatch } from './view-sync.ts';

type DrillSocket = Socket<ServerToClient, ClientToServer>;

export type { CommandResult };

const ACK_TIMEOUT_MS = 5000;
/** Credential problems: retrying will not help. */
const FATAL = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'UNKNOWN_PARTICIPANT',
  'INVALID_PAYLOAD',
]);

interface Session {
  cred: Credential;
  socket: DrillSocket;
  syncing: boolean;
  /** Patches that arrived while a sync was in flight. */
  buffer: PatchMessage[];
  closed: boolean;
}

let primary: Session | null = null;
let control: { cred: Credential; socket: DrillSocket } | null = null;
let controlCred: Credential | null = null;

const set = useDrillStore.setState;
const get = useDrillStore.getState;

function makeSocket(cred: Credential, lastSeq: () => number | undefined): DrillSocket {
  return io({
    path: '/socket.io',
    transports: ['websocket'],
    // Each seat gets its own connection: a solo player holds two.
    forceNew: true,
    auth: (cb) => {
      const seq = lastSeq();
      cb(
        seq === undefined
          ? { drillId: cred.drillId, token: cred.token }
          : { drillId: cred.drillId, token: cred.token, lastSeq: seq },
      );
    },
  });
}

function clockOf(view: DrillView, at: number): ClockSample {
  return { t: view.drill.t, speed: view.drill.speed, running: view.drill.status === 'running', at };
}

function setView(seq: number, view: DrillView) {
  const prev = get();
  const d = view.drill;
  const p = prev.view?.drill;
  const clockChanged =
    !p || !prev.clock || p.t !== d.t || p.speed !== d.speed || p.status !== d.status;
  set({
    seq,
    view,
    clock: clockChanged ? reconcile(prev.clock, clockOf(view, performance.now())) : prev.clock,
  });
}

function onPatch(s: Session, msg: PatchMessage) {
  if (s.syncing) {
    s.buffer.push(msg);
    return;
  }
  const { seq, view } = get();
  const outcome = receivePatch({ seq, view }, msg);
  if (outcome.kind === 'applied') setView(outcome.seq, outcome.view);
  else if (outcome.kind === 'resync') void resync(s);
}

async function resync(s: Session): Promise<void> {
  if (s.syncing || s.closed) return;
  s.syncing = true;
  try {
    const res = await s.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('sync', { lastSeq: get().seq });
    if (s.closed) return;
    if (res.ok) setView(res.seq, res.view);
  } catch {
    // Timed out: if the socket dropped, the reconnect brings a fresh view anyway.
  } finally {
    s.syncing = false;
  }
  const queued = s.buffer.splice(0);
  for (const msg of queued) onPatch(s, msg);
}

/** Opens the drill with this credential (closing any other). Idempotent for the same seat. */
export function openDrill(cred: Credential, soloControl?: Credential): void {
  if (primary && !primary.closed && primary.cred.token === cred.token) {
    controlCred = soloControl ?? null;
    return;
  }
  closeDrill();
  controlCred = soloControl ?? null;
  set({ ...initialDrillStore, drillId: cred.drillId, status: 'connecting' });

  const socket = makeSocket(cred, () => (get().view ? get().seq : undefined));
  const s: Session = { cred, socket, syncing: false, buffer: [], closed: false };
  primary = s;

  socket.on('connect', () => {
    s.syncing = false;
    s.buffer = [];
    set({ status: 'live', detail: null, attempts: 0 });
  });
  socket.on('view', (msg) => {
    s.buffer = [];
    setView(msg.seq, msg.view);
  });
  socket.on('patch', (msg) => onPatch(s, msg));
  socket.on('presence', ({ online }) => set({ online }));
  socket.on('kicked', ({ reason }) => {
    s.closed = true;
    socket.disconnect();
    forgetSeats(cred.drillId);
    set({ status: 'kicked', detail: reason || 'The facilitator removed you from the drill.' });
  });
  socket.on('replaced', ({ reason }) => {
    // The seat is still ours (do not forget it): another tab holds it now.
    s.closed = true;
    socket.disconnect();
    set({ status: 'replaced', detail: reason || 'This seat was opened in another window.' });
  });
  socket.on('disconnect', (reason) => {
    if (s.closed) return;
    set({ status: 'reconnecting', detail: 'Connection lost; reconnecting…' });
    // The server closed us on purpose (e.g. a restart): socket.io will not retry by itself.
    if (reason === 'io server disconnect') setTimeout(() => !s.closed && socket.connect(), 1000);
  });
  socket.on('connect_error', (err) => {
    if (s.closed) return;
    const data = (err as Error & { data?: { code?: string; message?: string } }).data;
    if (data?.code && FATAL.has(data.code)) {
      s.closed = true;
      socket.disconnect();
      set({
        status: 'denied',
        detail: describeError({ code: data.code, message: data.message ?? err.message }),
      });
      return;
    }
    const attempts = get().attempts + 1;
    set({
      status: get().view ? 'reconnecting' : 'connecting',
      attempts,
      detail: data?.code
        ? describeError({ code: data.code, message: data.message ?? err.message })
        : 'Cannot reach the server; retrying…',
    });
    // A refusal by the server's middleware is not retried by socket.io: do it ourselves,
    // no sooner than a limit's retry hint says.
    const hinted = (data as { retryAfter?: unknown } | undefined)?.retryAfter;
    const wait = Math.max(
      Math.min(10_000, 1000 * attempts),
      typeof hinted === 'number' ? Math.min(hinted, 300) * 1000 : 0,
    );
    if (!socket.active) setTimeout(() => !s.closed && socket.connect(), wait);
  });
  socket.io.on('reconnect_attempt', (n) => set({ attempts: n }));
}

export function closeDrill(): void {
  if (primary) {
    primary.closed = true;
    primary.socket.removeAllListeners();
    primary.socket.disconnect();
    primary = null;
  }
  if (control) {
    control.socket.disconnect();
    control = null;
  }
  controlCred = null;
  set(initialDrillStore);
}

function controlSocket(): DrillSocket | null {
  if (!controlCred) return null;
  if (!control || control.cred.token !== controlCred.token) {
    control?.socket.disconnect();
    const socket = makeSocket(controlCred, () => undefined);
    // Only its acknowledgements matter; the player's socket carries the view.
    control = { cred: controlCred, socket };
  }
  return control.socket;
}

function waitConnected(socket: DrillSocket, ms: number): Promise<boolean> {
  if (socket.connected) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      resolve(ok);
    };
    const onConnect = () => done(true);
    const timer = setTimeout(() => done(false), ms);
    socket.on('connect', onConnect);
  });
}

/** Waits out a refusal; while it is BUSY the store says the server is busy and we retry. */
async function waitToRetry(error: Refusal, ms: number): Promise<void> {
  const busy = error.code === 'BUSY';
  if (busy) set({ busyRetries: get().busyRetries + 1 });
  try {
    await new Promise((resolve) => setTimeout(resolve, ms));
  } finally {
    if (busy) set({ busyRetries: Math.max(0, get().busyRetries - 1) });
  }
}

/**
 * Sends a command and waits for the server's verdict. After a timeout or a drop, and after
 * a BUSY or INTERNAL refusal (once the server's hint has passed), the same command id is
 * sent again; the server recognises it and does not apply it twice.
 */
export async function sendCommand(
  command: CommandInput,
  via: 'seat' | 'control' = 'seat',
): Promise<CommandResult> {
  const socket = via === 'control' ? controlSocket() : (primary?.socket ?? null);
  if (!socket) {
    return {
      ok: false,
      error: { code: 'FORBIDDEN', message: 'You have no seat that can do this.' },
    };
  }
  const id = newId();
  set({ inFlight: get().inFlight + 1 });
  try {
    return await sendWithRetry({
      attempt: async () => {
        if (via === 'seat' && (primary?.closed ?? true)) return 'cancelled';
        if (!(await waitConnected(socket, 15_000))) return 'lost';
        try {
          const res = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('command', { id, command });
          return res.ok ? { ok: true, seq: res.seq } : { ok: false, error: res.error };
        } catch {
          // No answer in time: try again with the same id.
          return 'lost';
        }
      },
      wait: waitToRetry,
    });
  } finally {
    set({ inFlight: Math.max(0, get().inFlight - 1) });
  }
}
