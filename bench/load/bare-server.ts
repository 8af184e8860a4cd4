// The floor: a bare socket.io server that acknowledges each message and rebroadcasts it
// to its room (the sender included), with no validation, storage or state. With REDIS_URL
// it uses the socket.io Redis adapter, so that `io.to(room).emit` reaches the room's sockets
// on the other processes: the floor for several processes.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { Server } from 'socket.io';
import { reportMemory } from './memory.ts';

const http = createServer();
const io = new Server(http, { transports: ['websocket'] });
if (process.env.REDIS_URL) {
  const pub = createClient({ url: process.env.REDIS_URL });
  const sub = pub.duplicate();
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub));
}
let seq = 0;
io.on('connection', (socket) => {
  const room = String(socket.handshake.auth.room ?? 'none');
  void socket.join(room);
  socket.on('act', (msg: unknown, ack: (r: unknown) => void) => {
    const s = ++seq;
    ack({ ok: true, seq: s });
    io.to(room).emit('update', { seq: s, msg });
  });
});
http.listen(0, '127.0.0.1', () => {
  console.log(`READY http://127.0.0.1:${(http.address() as AddressInfo).port}`);
});
reportMemory();
process.on('SIGTERM', () => process.exit(0));
