import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { readyLine } from './ready-line.ts';

const nic = (address: string, internal = false): NetworkInterfaceInfo => ({
  address,
  netmask: '255.255.255.0',
  family: 'IPv4',
  mac: '00:00:00:00:00:00',
  internal,
  cidr: null,
});

describe('the line npm start prints when ready', () => {
  it('names the local URL and the one players on the network use', () => {
    expect(
      readyLine(3000, '0.0.0.0', { lo: [nic('127.0.0.1', true)], eth0: [nic('192.168.1.20')] }),
    ).toBe(
      'Firedrill is ready: open http://localhost:3000 (players on this network: http://192.168.1.20:3000)',
    );
  });

  it('gives only the local URL when the server listens on loopback or has no network', () => {
    expect(readyLine(4000, '127.0.0.1', { eth0: [nic('10.0.0.2')] })).toBe(
      'Firedrill is ready: open http://localhost:4000',
    );
    expect(readyLine(3000, '0.0.0.0', { lo: [nic('127.0.0.1', true)] })).toBe(
      'Firedrill is ready: open http://localhost:3000',
    );
  });
});
