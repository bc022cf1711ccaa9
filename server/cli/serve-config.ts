/**
 * `nianbao serve`'s options: the server's defaults (../config.ts), overridden by `NIANBAO_*`
 * environment variables, overridden by flags.
 */
import { defaultClientDir, defaultHost, defaultLimits, defaultLogLevel, defaultPort, type ServerLimits } from '../config.ts';
import { defaultChromiumPath } from '../export/pdf.ts';
import { isLogLevel, type LogLevel } from '../log.ts';
import { parseCommandArgs } from './args.ts';
import { dataDirHelp, resolveDataDir, type Env } from './data-dir.ts';
import { CliError } from './errors.ts';

/** What `nianbao serve` resolves from flags and the environment (ServerOptions minus the hooks). */
export interface ServeConfig {
  host: string;
  port: number;
  dataDir: string;
  clientDir: string;
  sample: boolean;
  /** Session cookie `Secure` (+ `__Host-` prefix): for browsers reaching the server over https. */
  secureCookies: boolean;
  /** Behind one reverse proxy that appends the client's address to X-Forwarded-For. */
  trustProxy: boolean;
  logLevel: LogLevel;
  limits: ServerLimits;
  /** The Chromium that prints the PDF export (looked for on the first PDF only). */
  chromiumPath: string;
}

export const serveUsage = `用法 (usage): nianbao serve [options]

  --host ADDR              监听地址 (NIANBAO_HOST, 默认 ${defaultHost})
  --port N                 端口，0 为任意空闲端口 (NIANBAO_PORT, 默认 ${defaultPort})
  --data DIR               ${dataDirHelp}
  --client-dir DIR         已构建的网页客户端 (NIANBAO_CLIENT_DIR, 默认 dist/client)
  --no-sample              数据目录为空时不创建示例年报 (NIANBAO_SAMPLE=false)
  --secure-cookies         经 https 访问时使用 Secure 会话 Cookie (NIANBAO_SECURE_COOKIES=true)
  --trust-proxy            部署在反向代理之后：客户端地址取自 X-Forwarded-For 的最后一项 (NIANBAO_TRUST_PROXY=true)
  --log-level LEVEL        fatal|error|warn|info|debug|trace|silent (NIANBAO_LOG_LEVEL, 默认 info)
  --chromium PATH          打印 PDF 导出的 Chromium，首次导出 PDF 时才需要 (NIANBAO_CHROMIUM, 默认 ${defaultChromiumPath})
  --max-message-bytes N    单条同步消息上限 (NIANBAO_MAX_MESSAGE_BYTES, 默认 10 MiB)
  --rate-limit N           每个连接每秒消息数 (NIANBAO_RATE_LIMIT, 默认 200)
  --rate-burst N           每个连接突发消息数 (NIANBAO_RATE_BURST, 默认 1000)
  --idle-unload-seconds N  无连接多久后从内存卸载年报 (NIANBAO_IDLE_UNLOAD_SECONDS, 默认 60)
  --compact-after N        更新日志累计多少条后压缩 (NIANBAO_COMPACT_AFTER, 默认 1000)
  --max-buffered-bytes N   单个连接待发送数据上限，超出即断开 (NIANBAO_MAX_BUFFERED_BYTES, 默认 16 MiB)
  --credential-check-seconds N  多久重新核对一次已打开同步连接的会话和令牌 (NIANBAO_CREDENTIAL_CHECK_SECONDS, 默认 5)`;

/** Parses `nianbao serve` arguments over `env`; throws CliError (exit 2) for bad values. */
export function parseServeConfig(args: readonly string[], env: Env = process.env): ServeConfig | 'help' {
  const parsed = parseCommandArgs(
    'serve',
    args,
    {
      host: { type: 'string' },
      port: { type: 'string' },
      data: { type: 'string' },
      'client-dir': { type: 'string' },
      sample: { type: 'boolean' },
      'no-sample': { type: 'boolean' },
      'secure-cookies': { type: 'boolean' },
      'trust-proxy': { type: 'boolean' },
      'log-level': { type: 'string' },
      chromium: { type: 'string' },
      'max-message-bytes': { type: 'string' },
      'rate-limit': { type: 'string' },
      'rate-burst': { type: 'string' },
      'idle-unload-seconds': { type: 'string' },
      'compact-after': { type: 'string' },
      'max-buffered-bytes': { type: 'string' },
      'credential-check-seconds': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    { positionals: false },
  ).values;
  if (parsed.help) return 'help';
  const pick = (flag: string | undefined, name: string): string | undefined => flag ?? env[name];
  /** An on/off setting: the flag, else the variable (true/false). */
  const switchedOn = (flag: boolean | undefined, name: string): boolean => {
    const value = env[name];
    return flag === true || (value !== undefined && parseBoolean(value, name));
  };
  const logLevel = pick(parsed['log-level'], 'NIANBAO_LOG_LEVEL') ?? defaultLogLevel;
  if (!isLogLevel(logLevel)) throw new CliError(`日志级别无效：${logLevel}`);
  const sampleEnv = env.NIANBAO_SAMPLE;
  const sample = parsed['no-sample'] ? false : parsed.sample ? true : sampleEnv !== undefined ? parseBoolean(sampleEnv, 'NIANBAO_SAMPLE') : true;
  const idleSeconds = pick(parsed['idle-unload-seconds'], 'NIANBAO_IDLE_UNLOAD_SECONDS');
  const credentialCheckSeconds = pick(parsed['credential-check-seconds'], 'NIANBAO_CREDENTIAL_CHECK_SECONDS');
  return {
    host: pick(parsed.host, 'NIANBAO_HOST') ?? defaultHost,
    port: wholeNumber(pick(parsed.port, 'NIANBAO_PORT'), '--port', defaultPort, 0, 65535),
    dataDir: resolveDataDir(parsed.data, env),
    clientDir: pick(parsed['client-dir'], 'NIANBAO_CLIENT_DIR') ?? defaultClientDir,
    sample,
    secureCookies: switchedOn(parsed['secure-cookies'], 'NIANBAO_SECURE_COOKIES'),
    trustProxy: switchedOn(parsed['trust-proxy'], 'NIANBAO_TRUST_PROXY'),
    logLevel,
    // An empty NIANBAO_CHROMIUM counts as unset, as NIANBAO_DATA does.
    chromiumPath: parsed.chromium ?? (env.NIANBAO_CHROMIUM || defaultChromiumPath),
    limits: {
      ...defaultLimits,
      maxMessageBytes: wholeNumber(pick(parsed['max-message-bytes'], 'NIANBAO_MAX_MESSAGE_BYTES'), '--max-message-bytes', defaultLimits.maxMessageBytes, 1024),
      rateLimit: {
        perSecond: wholeNumber(pick(parsed['rate-limit'], 'NIANBAO_RATE_LIMIT'), '--rate-limit', defaultLimits.rateLimit.perSecond, 1),
        burst: wholeNumber(pick(parsed['rate-burst'], 'NIANBAO_RATE_BURST'), '--rate-burst', defaultLimits.rateLimit.burst, 1),
      },
      idleUnloadMs:
        idleSeconds === undefined ? defaultLimits.idleUnloadMs : wholeNumber(idleSeconds, '--idle-unload-seconds', 0, 0) * 1000,
      compactAfterUpdates: wholeNumber(pick(parsed['compact-after'], 'NIANBAO_COMPACT_AFTER'), '--compact-after', defaultLimits.compactAfterUpdates, 1),
      maxBufferedBytes: wholeNumber(pick(parsed['max-buffered-bytes'], 'NIANBAO_MAX_BUFFERED_BYTES'), '--max-buffered-bytes', defaultLimits.maxBufferedBytes, 64 * 1024),
      credentialCheckMs:
        credentialCheckSeconds === undefined
          ? defaultLimits.credentialCheckMs
          : wholeNumber(credentialCheckSeconds, '--credential-check-seconds', 0, 1, 3600) * 1000,
    },
  };
}

function wholeNumber(text: string | undefined, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new CliError(`${name} 应为 ${min} 至 ${max} 之间的整数，收到 “${text}”`);
  }
  return value;
}

function parseBoolean(text: string, name: string): boolean {
  if (/^(1|true|yes|on)$/i.test(text)) return true;
  if (/^(0|false|no|off)$/i.test(text)) return false;
  throw new CliError(`${name} 应为 true 或 false，收到 “${text}”`);
}
