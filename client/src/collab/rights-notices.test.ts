import { describe, expect, it } from 'vitest';
import { type AwarenessStates, type ProviderCloses, type RightsNotice, RightsNotices } from './rights-notices.ts';

/** y-websocket's `connection-close` event, driven by hand. */
class FakeProvider implements ProviderCloses {
  readonly listeners = new Set<(event: { readonly code: number; readonly reason?: string } | null) => void>();
  on(_event: 'connection-close', listener: (event: { readonly code: number; readonly reason?: string } | null) => void): void {
    this.listeners.add(listener);
  }
  off(_event: 'connection-close', listener: (event: { readonly code: number; readonly reason?: string } | null) => void): void {
    this.listeners.delete(listener);
  }
  close(code: number | null, reason = ''): void {
    for (const listener of this.listeners) listener(code === null ? null : { code, reason });
  }
}

/** y-protocols' awareness, as far as the notices read it. */
class FakeAwareness implements AwarenessStates {
  readonly states = new Map<number, unknown>();
  readonly listeners = new Set<() => void>();
  getStates(): Map<number, unknown> {
    return this.states;
  }
  on(_event: 'change', listener: () => void): void {
    this.listeners.add(listener);
  }
  off(_event: 'change', listener: () => void): void {
    this.listeners.delete(listener);
  }
  set(clientId: number, state: unknown): void {
    this.states.set(clientId, state);
    for (const listener of this.listeners) listener();
  }
}

describe('RightsNotices', () => {
  it('reports 4100 as changed rights, 4403 as a removal, a refused update or forbidden; ignores other closes and closes of our own', () => {
    const provider = new FakeProvider();
    const notices = new RightsNotices(provider, new FakeAwareness());
    const seen: RightsNotice[] = [];
    notices.subscribe((n) => seen.push(n));
    provider.close(4100, 'rights changed');
    provider.close(1006);
    provider.close(null);
    provider.close(4400, 'update refused');
    provider.close(4403, 'removed from report');
    provider.close(4403, 'update refused');
    provider.close(4403, 'something else');
    expect(seen).toEqual(['changed', 'removed', 'update-refused', 'forbidden']);
  });

  it('stops reporting once unsubscribed or destroyed', () => {
    const provider = new FakeProvider();
    const notices = new RightsNotices(provider, new FakeAwareness());
    const seen: RightsNotice[] = [];
    const stop = notices.subscribe((n) => seen.push(n));
    provider.close(4100);
    stop();
    provider.close(4100);
    expect(seen).toEqual(['changed']);
    notices.destroy();
    expect(provider.listeners.size).toBe(0);
  });

  it("reports each new members announcement in the server's awareness state once; people's states are not one", () => {
    const awareness = new FakeAwareness();
    const notices = new RightsNotices(new FakeProvider(), awareness);
    const seen: RightsNotice[] = [];
    notices.subscribe((n) => seen.push(n));
    awareness.set(7, { user: { name: '张三' }, cell: null });
    awareness.set(1, { server: { membersChanged: 'a.1' } });
    awareness.set(7, { user: { name: '张三' }, cell: 'requests.received.natural' });
    awareness.set(1, { server: { membersChanged: 'a.1' } });
    awareness.set(1, { server: { membersChanged: 'a.2' } });
    expect(seen).toEqual(['members-changed', 'members-changed']);
    notices.destroy();
    expect(awareness.listeners.size).toBe(0);
  });
});
