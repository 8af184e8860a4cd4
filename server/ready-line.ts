// The one line `npm start` prints once the server listens: where to open it, and where
// players on the same network join. Pure: the caller passes the network interfaces.
import type { NetworkInterfaceInfo } from 'node:os';

export function readyLine(
  port: number,
  host: string,
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>,
): string {
  const local = `http://localhost:${port}`;
  const everywhere = host === '0.0.0.0' || host === '::';
  const lan = everywhere
    ? Object.values(interfaces)
        .flat()
        .find((i) => i !== undefined && i.family === 'IPv4' && !i.internal)?.address
    : host === '127.0.0.1' || host === 'localhost'
      ? undefined
      : host;
  const open = everywhere || lan === undefined ? local : `http://${lan}:${port}`;
  return lan === undefined
    ? `Firedrill is ready: open ${open}`
    : `Firedrill is ready: open ${open} (players on this network: http://${lan}:${port})`;
}
