import { describe, expect, it } from 'vitest';
import { type ProviderCloses, type RightsNotice, RightsNotices } from './rights-notices.ts';

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

describe('RightsNotices', () => {
  it('reports 4100 as changed rights, 4403 as forbidden or as a refused update; ignores other closes and closes of our own', () => {
    const provider = new FakeProvider();
    const notices = new RightsNotices(provider);
    const seen: RightsNotice[] = [];
    notices.subscribe((n) => seen.push(n));
    provider.close(4100, 'rights changed');
    provider.close(1006);
    provider.close(null);
    provider.close(4400, 'update refused');
    provider.close(4403, 'removed from report');
    provider.close(4403, 'update refused');
    expect(seen).toEqual(['changed', 'forbidden', 'update-refused']);
  });

  it('stops reporting once unsubscribed or destroyed', () => {
    const provider = new FakeProvider();
    const notices = new RightsNotices(provider);
    const seen: RightsNotice[] = [];
    const stop = notices.subscribe((n) => seen.push(n));
    provider.close(4100);
    stop();
    provider.close(4100);
    expect(seen).toEqual(['changed']);
    notices.destroy();
    expect(provider.listeners.size).toBe(0);
  });
});
