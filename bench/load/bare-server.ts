// The floor: a bare socket.io server that acknowledges each message and rebroadcasts it
// to its room (the sender included), with no validation, storage or state.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

const http = createServer();
const io = new Server(http, { transports: ['websocket'] });
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
process.on('SIGTERM', () => process.exit(0));
