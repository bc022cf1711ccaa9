/**
 * `nianbao backup FILE [--data DIR]`: writes every report and account of the data folder into one
 * new SQLite file, safely while the server runs (server/storage/backup.ts). To restore: stop the
 * server, put the file in place of `nianbao.sqlite` in an empty data folder, start the server.
 */
import { backupDataFolder } from '../storage/backup.ts';
import { StorageError } from '../storage/errors.ts';
import { parseCommandArgs } from './args.ts';
import { dataDirHelp, resolveDataDir } from './data-dir.ts';
import { CliError } from './errors.ts';

export const backupUsage = `用法 (usage): nianbao backup FILE [--data DIR]

  FILE       备份文件（不能已存在）；服务运行时也可备份
  --data DIR ${dataDirHelp}
恢复：停止服务，在空的数据目录中放入此文件并命名为 nianbao.sqlite，再启动服务。`;

export async function backupCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('backup', args, {
    data: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(`${backupUsage}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new CliError('用法：nianbao backup FILE [--data DIR]（--help 查看说明）');
  const dataDir = resolveDataDir(values.data);
  try {
    const summary = await backupDataFolder(dataDir, positionals[0]!);
    const kib = (summary.bytes / 1024).toFixed(0);
    process.stdout.write(`已备份 ${summary.reports} 份年报到 ${summary.file}（${kib} KiB；其中 ${summary.fromJournal} 条修改取自更新日志）\n`);
    return 0;
  } catch (err) {
    if (err instanceof StorageError) throw new CliError(err.message);
    throw err;
  }
}
