// The live drill as this browser sees it: connection state, the seat's view and the
// virtual clock. Written only by drill-connection.ts; read by screens through selectors.
import { create } from 'zustand';
import type { DrillView } from '../../shared/engine/view-for.ts';
import type { ClockSample } from '../lib/clock.ts';

export type ConnectionStatus =
  /** No drill open. */
  | 'idle'
  | 'connecting'
  | 'live'
  /** Lost the connection; socket.io is retrying. */
  | 'reconnecting'
  /** The server refused our credential. */
  | 'denied'
  /** The facilitator removed us. */
  | 'kicked'
  /** The same seat was opened in another window or tab, which took over. */
  | 'replaced';

export interface DrillStore {
  drillId: string | null;
  status: ConnectionStatus;
  /** Why we are not live, in words. */
  detail: string | null;
  /** Reconnection attempts since the last good connection. */
  attempts: number;
  seq: number;
  view: DrillView | null;
  clock: ClockSample | null;
  /** Commands sent and not yet acknowledged. */
  inFlight: number;
  /** Of those, the ones the server refused as BUSY, waiting to be sent again (same id). */
  busyRetries: number;
  /** The facilitator's: participant ids with a socket open now (null: not told yet). */
  online: string[] | null;
}

export const initialDrillStore: DrillStore = {
  drillId: null,
  status: 'idle',
  detail: null,
  attempts: 0,
  seq: 0,
  view: null,
  clock: null,
  inFlight: 0,
  busyRetries: 0,
  online: null,
};

export const useDrillStore = create<DrillStore>()(() => initialDrillStore);
