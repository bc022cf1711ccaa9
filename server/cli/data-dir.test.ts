/**
 * `--data DIR`, taken the same way by `serve`, `user`, `token` and `backup`: the flag, else
 * `NIANBAO_DATA`, else ./data.
 */
import { describe, expect, it } from 'vitest';
import { defaultDataDir, resolveDataDir } from './data-dir.ts';
import { CliError } from './errors.ts';
import { parseServeConfig } from './serve-config.ts';
import { runCli } from '../test-support/run-cli.ts';

describe('the data folder option', () => {
  it('takes --data over NIANBAO_DATA, and NIANBAO_DATA over ./data', () => {
    expect(resolveDataDir('/srv/flag', { NIANBAO_DATA: '/srv/env' })).toBe('/srv/flag');
    expect(resolveDataDir(undefined, { NIANBAO_DATA: '/srv/env' })).toBe('/srv/env');
    expect(resolveDataDir(undefined, {})).toBe(defaultDataDir);
    expect(defaultDataDir).toBe('./data');
  });

  it('counts an empty NIANBAO_DATA as unset, for serve as for the other commands', () => {
    expect(resolveDataDir(undefined, { NIANBAO_DATA: '' })).toBe('./data');
    expect(parseServeConfig([], { NIANBAO_DATA: '' })).toMatchObject({ dataDir: './data' });
    expect(parseServeConfig(['--data', '/srv/flag'], { NIANBAO_DATA: '/srv/env' })).toMatchObject({ dataDir: '/srv/flag' });
  });

  it('refuses an empty --data rather than using the working folder', () => {
    expect(() => resolveDataDir('', {})).toThrow(CliError);
    expect(() => resolveDataDir('  ', {})).toThrow(CliError);
    expect(() => parseServeConfig(['--data', ''], {})).toThrow(CliError);
  });

  it.each([
    [['user', 'passwd', 'wangfang', '--password-stdin', '--data', ''], 'user'],
    [['token', 'wangfang', '--data', ''], 'token'],
    [['backup', 'out.sqlite', '--data', ''], 'backup'],
  ])('nianbao %j exits 2 on an empty --data, before opening anything', async (args, command) => {
    const run = await runCli(args, 'a long enough secret\n');
    expect(run).toMatchObject({ code: 2, stdout: '', stderr: `nianbao ${command}: --data 不能为空\n` });
  });
});
