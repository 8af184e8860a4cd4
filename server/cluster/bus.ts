// The drill bus: what server processes say to each other about drills, over Redis pub/sub.
// - Each drill has a channel: its host publishes every durable step's events there, and the
//   processes following the drill (they have its players connected) fold them into their copy.
// - Each process has a channel: requests forwarded to the process hosting a drill, and the
//   replies to its own requests.
// Redis delivers one publisher's messages to one subscriber in order, across channels, so a
// reply never overtakes the events of the step it answers.
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { z } from 'zod';
import type { Actor, Command, DrillEvent } from '../../shared/index.ts';
import type { HostResult } from '../drill-host.ts';

export type DrillRequest =
  | { op: 'submit'; actor: Actor; command: Command; commandId: string | null }
  | { op: 'join'; participantId: string; name: string; kind: 'player' | 'spectator' | 'bot' }
  | { op: 'away' }
  | { op: 'back' };

/** The host's answer, or word that it does not host the drill (any more). */
export type DrillReply = { result: HostResult } | { notHost: true };

export type DrillMessage =
  | { kind: 'events'; fromSeq: number; events: DrillEvent[] }
  /** The host gave the drill up (shutdown, idle): a follower may take it at once. */
  | { kind: 'released' }
  /** The host's state went back to what is stored (a failed write): reload it. */
  | { kind: 'reload' };

const Envelope = z.object({ from: z.string(), drillId: z.string() });
const DrillMessageSchema = Envelope.extend({
  message: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('events'),
      fromSeq: z.number().int().min(1),
      events: z.array(z.looseObject({ type: z.string() })),
    }),
    z.object({ kind: z.literal('released') }),
    z.object({ kind: z.literal('reload') }),
  ]),
});
const NodeMessage = z.discriminatedUnion('kind', [
  Envelope.extend({
    kind: z.literal('request'),
    id: z.string(),
    request: z.looseObject({ op: z.enum(['submit', 'join', 'away', 'back']) }),
  }),
  z.object({ kind: z.literal('reply'), id: z.string(), reply: z.looseObject({}) }),
]);

export class BusTimeout extends Error {
  constructor(node: string) {
    super(`no answer from process ${node}`);
  }
}

export interface DrillBus {
  /** This process's name on the bus (and on drill leases). */
  readonly node: string;
  publish(drillId: string, message: DrillMessage): void;
  /** Listens to a drill's channel (messages this process sent are not delivered back). */
  follow(drillId: string, onMessage: (message: DrillMessage) => void): Promise<() => void>;
  /** Sends a request to the process `node` and waits for its reply. */
  request(
    node: string,
    drillId: string,
    request: DrillRequest,
    timeoutMs: number,
  ): Promise<DrillReply>;
  /** Answers requests forwarded to this process. */
  serve(handler: (drillId: string, request: DrillRequest) => Promise<DrillReply>): void;
  /**
   * Called when the connection to the other processes came back after a drop: messages may
   * have been lost meanwhile (Redis pub/sub keeps nothing for an absent subscriber).
   */
  onReconnect(listener: () => void): void;
  close(): Promise<void>;
}

const drillChannel = (drillId: string) => `firedrill:drill:${drillId}`;
const nodeChannel = (node: string) => `firedrill:node:${node}`;

export async function redisBus(
  url: string,
  node: string,
  onError: (err: unknown) => void,
): Promise<DrillBus> {
  const pub = createClient({ url });
  const sub = pub.duplicate();
  pub.on('error', onError);
  sub.on('error', onError);
  await Promise.all([pub.connect(), sub.connect()]);
  const reconnected: (() => void)[] = [];
  let first = true;
  sub.on('ready', () => {
    if (first) return void (first = false);
    for (const l of reconnected) l();
  });
  // 'ready' for the first connection may have fired during connect().
  if (sub.isReady) first = false;

  const waiting = new Map<string, { resolve: (r: DrillReply) => void; timer: NodeJS.Timeout }>();
  let handler: ((drillId: string, request: DrillRequest) => Promise<DrillReply>) | null = null;
  const send = (channel: string, body: unknown) => {
    pub.publish(channel, JSON.stringify(body)).catch(onError);
  };
  const parse = (raw: string): unknown => {
    try {
      return JSON.parse(raw);
    } catch {
      return undefined;
    }
  };

  await sub.subscribe(nodeChannel(node), (raw) => {
    const parsed = NodeMessage.safeParse(parse(raw));
    if (!parsed.success) return onError(new Error('a malformed message on the drill bus'));
    const msg = parsed.data;
    if (msg.kind === 'reply') {
      const w = waiting.get(msg.id);
      if (!w) return;
      waiting.delete(msg.id);
      clearTimeout(w.timer);
      return w.resolve(msg.reply as DrillReply);
    }
    const answer = (reply: DrillReply) =>
      send(nodeChannel(msg.from), { kind: 'reply', id: msg.id, reply });
    if (!handler) return answer({ notHost: true });
    handler(msg.drillId, msg.request as DrillRequest).then(answer, (err: unknown) => {
      onError(err);
      answer({
        result: { ok: false, error: { code: 'INTERNAL', message: 'The server failed; retry.' } },
      });
    });
  });

  return {
    node,
    publish(drillId, message) {
      send(drillChannel(drillId), { from: node, drillId, message });
    },
    async follow(drillId, onMessage) {
      const listener = (raw: string) => {
        const parsed = DrillMessageSchema.safeParse(parse(raw));
        if (!parsed.success) return onError(new Error('a malformed message on the drill bus'));
        if (parsed.data.from === node || parsed.data.drillId !== drillId) return;
        onMessage(parsed.data.message as DrillMessage);
      };
      await sub.subscribe(drillChannel(drillId), listener);
      return () => void sub.unsubscribe(drillChannel(drillId), listener).catch(onError);
    },
    request(to, drillId, request, timeoutMs) {
      const id = randomBytes(8).toString('hex');
      return new Promise<DrillReply>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new BusTimeout(to));
        }, timeoutMs);
        waiting.set(id, { resolve, timer });
        send(nodeChannel(to), { kind: 'request', from: node, drillId, id, request });
      });
    },
    serve(h) {
      handler = h;
    },
    onReconnect(listener) {
      reconnected.push(listener);
    },
    async close() {
      for (const w of waiting.values()) clearTimeout(w.timer);
      waiting.clear();
      await Promise.allSettled([sub.quit(), pub.quit()]);
    },
  };
}
