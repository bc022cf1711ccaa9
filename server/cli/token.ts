/**
 * `nianbao token NAME [--ttl 1h]`: prints a short-lived access token for scripts and benchmarks,
 * accepted as `Authorization: Bearer <token>` on REST and `?token=<token>` on the websocket.
 * Written straight into the database, so a running server accepts it at once.
 */
import { systemClock } from '../accounts/clock.ts';
import { openAccountStore } from '../accounts/open.ts';
import { defaultTokenTtlMs, maxTokenTtlMs, Sessions } from '../accounts/sessions.ts';
import { parseCommandArgs } from './args.ts';
import { dataDirHelp, resolveDataDir } from './data-dir.ts';
import { CliError } from './errors.ts';

export const tokenUsage = `用法 (usage): nianbao token NAME [--ttl 1h] [--data DIR]

  --ttl      有效期：数字加单位 s/m/h/d（默认 1h，最长 7d）
  --data DIR ${dataDirHelp}
令牌打印到标准输出，用作 “Authorization: Bearer 令牌” 或同步地址的 ?token= 参数。`;

const unitMs = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export function parseTtl(text: string): number {
  const match = /^(\d+)([smhd])$/.exec(text.trim());
  const ms = match ? Number(match[1]) * unitMs[match[2] as keyof typeof unitMs] : NaN;
  if (!(ms > 0 && ms <= maxTokenTtlMs)) throw new CliError(`--ttl 应为 1s 至 7d 之间的时长（如 30m、1h、2d），收到 “${text}”`);
  return ms;
}

export async function tokenCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('token', args, {
    ttl: { type: 'string' },
    data: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(`${tokenUsage}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new CliError('用法：nianbao token NAME [--ttl 1h]（--help 查看说明）');
  const ttlMs = values.ttl === undefined ? defaultTokenTtlMs : parseTtl(values.ttl);
  const dataDir = resolveDataDir(values.data);
  const { store, close } = openAccountStore(dataDir);
  try {
    const user = await store.findUserByName(positionals[0]);
    if (!user) throw new CliError(`用户 ${positionals[0]} 不存在`);
    const { token, expiresAt } = await new Sessions(store, systemClock).mintToken(user, ttlMs);
    process.stdout.write(`${token}\n`);
    process.stderr.write(`令牌有效至 ${new Date(expiresAt).toISOString()}\n`);
    return 0;
  } finally {
    close();
  }
}
