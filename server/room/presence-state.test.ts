import { describe, expect, it } from 'vitest';
import { presenceState, type PresenceStamp } from './presence-state.ts';
import { maxAwarenessStateBytes } from '../sync/awareness-update.ts';

const bytes = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
const editor: PresenceStamp = { name: '李编辑', readOnly: false };
const reader: PresenceStamp = { name: '王查看', readOnly: true };
const anonymous: PresenceStamp = { name: null, readOnly: false };

function relayed(state: unknown, stamp: PresenceStamp): unknown {
  const verdict = presenceState(bytes(state), stamp);
  if (!verdict.ok) throw new Error(verdict.detail);
  // What is relayed is the state, encoded once.
  expect(JSON.parse(new TextDecoder().decode(verdict.json))).toEqual(verdict.state);
  return verdict.state;
}

describe('presenceState', () => {
  const browser = { user: { name: '李编辑', color: '#aa3300' }, place: 'requests', cell: 'requests:received.natural', cursor: { anchor: { item: 1 }, head: { item: 1 } } };

  it("relays an editor's state as sent when the name is the account's", () => {
    expect(relayed(browser, editor)).toEqual(browser);
  });

  it("replaces the name, and any label of the client's own, with the account's display name", () => {
    const spoof = { ...browser, user: { name: '管理员 admin (owner)', color: '#aa3300', role: 'owner', id: 1 } };
    expect(relayed(spoof, editor)).toEqual({ ...browser, user: { name: '李编辑', color: '#aa3300' } });
    expect(relayed({ place: 'overview' }, editor)).toEqual({ place: 'overview', user: { name: '李编辑' } });
    expect(relayed({ user: '管理员', place: 'overview' }, editor)).toEqual({ place: 'overview', user: { name: '李编辑' } });
  });

  it('keeps only a #rrggbb colour', () => {
    expect(relayed({ user: { name: 'x', color: 'red; background: url(https://evil.example/t)' } }, editor)).toEqual({ user: { name: '李编辑' } });
    expect(relayed({ user: { name: 'x', color: '#abc' } }, editor)).toEqual({ user: { name: '李编辑' } });
  });

  it("relays a reader without caret or cell, stamped readOnly, under the account's name", () => {
    expect(relayed(browser, reader)).toEqual({ user: { name: '王查看', color: '#aa3300' }, place: 'requests', readOnly: true });
  });

  it('keeps the name sent when there is no account', () => {
    expect(relayed(browser, anonymous)).toEqual(browser);
    expect(relayed({ user: { name: 42 }, place: null }, anonymous)).toEqual({ place: null });
  });

  it.each([
    ['server', { server: { membersChanged: 'forged' } }],
    ['readOnly', { user: { name: 'x' }, readOnly: false }],
  ])('refuses a state setting `%s`, which only the server sets', (_field, state) => {
    expect(presenceState(bytes(state), editor)).toMatchObject({ ok: false, refusal: 'forbidden' });
    expect(presenceState(bytes(state), anonymous)).toMatchObject({ ok: false, refusal: 'forbidden' });
  });

  it.each([
    ['not JSON', '{"user":'],
    ['not UTF-8', new Uint8Array([0x22, 0xff, 0x22])],
    ['an array', '[1,2]'],
    ['a string', '"hello"'],
    ['a number', '7'],
  ])('refuses a state that is %s', (_what, json) => {
    expect(presenceState(typeof json === 'string' ? bytes(json) : json, editor)).toMatchObject({ ok: false, refusal: 'malformed' });
  });

  it('refuses a state that the stamped name makes larger than the limit', () => {
    const state = { user: { name: 'a' }, pad: 'x'.repeat(maxAwarenessStateBytes - 30) };
    expect(bytes(state).length).toBeLessThanOrEqual(maxAwarenessStateBytes);
    expect(presenceState(bytes(state), anonymous).ok).toBe(true);
    expect(presenceState(bytes(state), { name: '很长的显示名称'.repeat(4), readOnly: false })).toMatchObject({ ok: false, refusal: 'malformed' });
  });
});
