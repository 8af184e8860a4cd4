// The room screen's connection: a read-only seat that receives the room view (clock,
// channel, status page) as a whole view, then RFC 6902 patches; a gap asks for a sync.
import { useEffect, useState } from 'react';
import { io } from 'socket.io-client';
import type { RoomView } from '../../shared/engine/room-view.ts';
import type { PatchMessage } from '../../shared/protocol.ts';
import { applyPatch } from '../lib/json-patch.ts';

export interface RoomState {
  view: RoomView | null;
  /** performance.now() when the view last changed: the clock extrapolates from it. */
  at: number;
  status: 'connecting' | 'live' | 'reconnecting' | 'denied';
  detail: string | null;
}

export function useRoomView(drillId: string, token: string): RoomState {
  const [state, setState] = useState<RoomState>({
    view: null,
    at: 0,
    status: 'connecting',
    detail: null,
  });
  useEffect(() => {
    let seq = -1;
    let view: RoomView | null = null;
    const adopt = (nextSeq: number, next: RoomView) => {
      seq = nextSeq;
      view = next;
      setState({ view, at: performance.now(), status: 'live', detail: null });
    };
    const socket = io({
      path: '/socket.io',
      transports: ['websocket'],
      forceNew: true,
      auth: (cb) => cb(seq < 0 ? { drillId, token } : { drillId, token, lastSeq: seq }),
    });
    const sync = () =>
      socket.emit(
        'sync',
        { lastSeq: Math.max(0, seq) },
        (res: { ok: boolean; seq?: number; view?: RoomView }) => {
          if (res.ok && res.seq !== undefined && res.view) adopt(res.seq, res.view);
        },
      );
    socket.on('view', (msg: { seq: number; view: RoomView }) => adopt(msg.seq, msg.view));
    socket.on('patch', (msg: PatchMessage) => {
      if (view === null || msg.seq <= seq) return;
      if (msg.from !== seq) return sync();
      try {
        adopt(msg.seq, applyPatch(view, msg.ops));
      } catch {
        sync();
      }
    });
    socket.on('disconnect', () =>
      setState((s) => ({ ...s, status: 'reconnecting', detail: 'Connection lost; reconnecting…' })),
    );
    socket.on('connect_error', (err) => {
      const data = (err as Error & { data?: { code?: string; message?: string } }).data;
      if (data?.code === 'UNAUTHENTICATED' || data?.code === 'NOT_FOUND') {
        socket.disconnect();
        setState((s) => ({ ...s, status: 'denied', detail: data.message ?? err.message }));
      } else if (!socket.active) setTimeout(() => socket.connect(), 2000);
    });
    return () => {
      socket.disconnect();
    };
  }, [drillId, token]);
  return state;
}
