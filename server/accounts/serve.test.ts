/**
 * `nianbao serve` and the first admin, run as people run it: a child process on a fresh folder.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleReportId } from '../reports.ts';
import { TestBed, waitFor } from '../test-support/test-bed.ts';
import { bearer, browserHeaders, signIn } from './test-support/people.ts';

const bed = new TestBed();
afterEach(() => bed.cleanup());
const cli = fileURLToPath(new URL('../../bin/nianbao.mjs', import.meta.url));

function serve(args: string[]) {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--log-level', 'warn', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  // 'close', not 'exit': by then its output is read to the end.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  bed.defer(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  });
  return { child, exited, out: () => stdout, err: () => stderr };
}

describe('nianbao serve and the first admin', () => {
  it('refuses a non-loopback address when no admin exists, saying how to create one', async () => {
    const dataDir = await bed.tempDir();
    const run = serve(['--host', '0.0.0.0', '--data', dataDir]);
    expect(await run.exited).toBe(2);
    expect(run.err()).toContain('没有管理员账户，不能在非本机地址 0.0.0.0 上启动');
    expect(run.err()).toContain(`nianbao user add 用户名 --role admin --data ${dataDir}`);
  });

  it('on a fresh folder on loopback prints a one-time admin password once; the admin owns the sample', async () => {
    const dataDir = await bed.tempDir();
    const run = serve(['--data', dataDir]);
    // Two pipes: the password (stdout) may arrive after the address (stderr).
    await waitFor(() => /服务已启动 (\S+)/.test(run.err()) && /密码：(\S+)/.test(run.out()), 'the address and the password', 20_000);
    const url = /服务已启动 (\S+)/.exec(run.err())![1];
    const password = /密码：(\S+)/.exec(run.out())![1];
    expect(run.out()).toContain('用户名：admin');
    const session = await signIn(url, 'admin', password);
    const members = (await (await fetch(`${url}/api/reports/${sampleReportId}/members`, { headers: browserHeaders(url, session) })).json()) as { members: unknown[] };
    expect(members.members).toEqual([{ id: expect.stringMatching(/^[1-9][0-9]*$/), name: 'admin', displayName: '管理员', role: 'owner', parts: 'all', signs: [] }]);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);

    // A second start finds the admin: no new password is printed (all its output is read once it exited).
    const again = serve(['--data', dataDir]);
    await waitFor(() => /服务已启动/.test(again.err()), 'the second start', 20_000);
    expect((await fetch(`${/服务已启动 (\S+)/.exec(again.err())![1]}/api/reports`, { headers: bearer('nbt_none') })).status).toBe(401);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
    expect(again.out()).toBe('');
  });
});
