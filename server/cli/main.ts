/**
 * `nianbao` — one command that serves, checks, exports and administers.
 * Each subcommand lives in its own module and is loaded only when used, so that `nianbao check`
 * does not pay for the server's imports.
 */
import { CliError } from './errors.ts';

type Subcommand = (args: string[]) => Promise<number>;

const subcommands: Record<string, { summary: string; load: () => Promise<Subcommand> }> = {
  serve: { summary: '启动协作服务器 (start the collaboration server)', load: async () => (await import('./serve.ts')).serveCommand },
  check: { summary: '检查年报文件 (check a report file)', load: async () => (await import('./check.ts')).checkCommand },
  export: {
    summary: '导出年报文件为 HTML、Word、PDF、JSON 或 CSV (export a report file)',
    load: async () => (await import('./export.ts')).exportCommand,
  },
  user: { summary: '添加用户、修改密码 (add a user, change a password)', load: async () => (await import('./user.ts')).userCommand },
  token: { summary: '生成短期访问令牌 (print a short-lived access token)', load: async () => (await import('./token.ts')).tokenCommand },
  backup: { summary: '备份数据目录，服务运行时也可 (back up the data folder, live)', load: async () => (await import('./backup.ts')).backupCommand },
};

const usage = `用法 (usage): nianbao <command> [options]

${Object.entries(subcommands)
  .map(([name, { summary }]) => `  ${name.padEnd(8)} ${summary}`)
  .join('\n')}

nianbao <command> --help 查看各命令的选项。`;

/** Runs the CLI and returns the process exit code; never throws for user errors. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage}\n`);
    return name === undefined ? 2 : 0;
  }
  const entry = subcommands[name];
  if (!entry) {
    process.stderr.write(`nianbao: 未知命令 “${name}” (unknown command)\n\n${usage}\n`);
    return 2;
  }
  try {
    return await (await entry.load())(rest);
  } catch (err) {
    if (err instanceof CliError) {
      process.stderr.write(`nianbao ${name}: ${err.message}\n`);
      return err.exitCode;
    }
    throw err;
  }
}
