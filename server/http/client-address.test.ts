import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress } from './client-address.ts';

function request(forwarded?: string | string[]): IncomingMessage {
  return { socket: { remoteAddress: '10.0.0.2' }, headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded } } as unknown as IncomingMessage;
}

describe('clientAddress', () => {
  it('is the socket address unless the proxy is trusted: a client cannot pick its own', () => {
    expect(clientAddress(request('203.0.113.9'), false)).toBe('10.0.0.2');
    expect(clientAddress(request(), true)).toBe('10.0.0.2');
  });

  it("behind a trusted proxy, is the last X-Forwarded-For entry: the one the proxy appended", () => {
    expect(clientAddress(request('203.0.113.9'), true)).toBe('203.0.113.9');
    expect(clientAddress(request('1.2.3.4, 198.51.100.7'), true)).toBe('198.51.100.7');
    expect(clientAddress(request(['1.2.3.4', '198.51.100.7 ']), true)).toBe('198.51.100.7');
    expect(clientAddress(request(' , '), true)).toBe('10.0.0.2');
  });
});
