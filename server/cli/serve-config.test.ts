import { describe, expect, it } from 'vitest';
import { defaultLimits } from '../config.ts';
import { CliError } from './errors.ts';
import { parseServeConfig } from './serve-config.ts';

describe('nianbao serve configuration', () => {
  it('uses the documented defaults', () => {
    const config = parseServeConfig([], {});
    expect(config).toMatchObject({ host: '127.0.0.1', port: 8080, dataDir: './data', sample: true, logLevel: 'info', trustProxy: false, limits: defaultLimits });
  });

  it('switches trust of a reverse proxy and the send backlog limit by flag or variable', () => {
    expect(parseServeConfig(['--trust-proxy'], {})).toMatchObject({ trustProxy: true });
    expect(parseServeConfig([], { NIANBAO_TRUST_PROXY: 'true' })).toMatchObject({ trustProxy: true });
    expect(parseServeConfig([], { NIANBAO_TRUST_PROXY: 'off' })).toMatchObject({ trustProxy: false });
    expect(() => parseServeConfig([], { NIANBAO_TRUST_PROXY: 'maybe' })).toThrow(CliError);
    const config = parseServeConfig(['--max-buffered-bytes', '1048576'], {});
    if (config === 'help') throw new Error('unexpected help');
    expect(config.limits.maxBufferedBytes).toBe(1048576);
  });

  it('sets how often the credentials behind open websockets are read again, by flag or variable', () => {
    const byFlag = parseServeConfig(['--credential-check-seconds', '2'], {});
    const byVariable = parseServeConfig([], { NIANBAO_CREDENTIAL_CHECK_SECONDS: '30' });
    if (byFlag === 'help' || byVariable === 'help') throw new Error('unexpected help');
    expect(byFlag.limits.credentialCheckMs).toBe(2000);
    expect(byVariable.limits.credentialCheckMs).toBe(30_000);
    expect(defaultLimits.credentialCheckMs).toBe(5000);
  });

  it("names the Chromium of the PDF export by flag or variable, Debian's by default", () => {
    expect(parseServeConfig([], {})).toMatchObject({ chromiumPath: '/usr/bin/chromium' });
    expect(parseServeConfig([], { NIANBAO_CHROMIUM: '' })).toMatchObject({ chromiumPath: '/usr/bin/chromium' });
    expect(parseServeConfig([], { NIANBAO_CHROMIUM: '/opt/chromium/chrome' })).toMatchObject({ chromiumPath: '/opt/chromium/chrome' });
    expect(parseServeConfig(['--chromium', '/snap/bin/chromium'], { NIANBAO_CHROMIUM: '/opt/chromium/chrome' })).toMatchObject({ chromiumPath: '/snap/bin/chromium' });
  });

  it('takes NIANBAO_* variables, and flags over them', () => {
    const env = { NIANBAO_PORT: '9000', NIANBAO_DATA: '/srv/nianbao', NIANBAO_SAMPLE: 'false', NIANBAO_RATE_LIMIT: '50', NIANBAO_IDLE_UNLOAD_SECONDS: '5' };
    const config = parseServeConfig(['--port', '0', '--log-level', 'warn'], env);
    expect(config).toMatchObject({ port: 0, dataDir: '/srv/nianbao', sample: false, logLevel: 'warn' });
    if (config === 'help') throw new Error('unexpected help');
    expect(config.limits.rateLimit).toEqual({ perSecond: 50, burst: defaultLimits.rateLimit.burst });
    expect(config.limits.idleUnloadMs).toBe(5000);
    expect(parseServeConfig(['--no-sample'], {})).toMatchObject({ sample: false });
  });

  it.each([
    [['--port', '70000']],
    [['--port', 'abc']],
    [['--log-level', 'loud']],
    [['--unknown']],
    [['--rate-limit', '0']],
    [['--max-buffered-bytes', '100']],
    [['--credential-check-seconds', '0']],
  ])('refuses %j with a one-line CliError', (args) => {
    expect(() => parseServeConfig(args, {})).toThrow(CliError);
  });
});
