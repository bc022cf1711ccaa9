/**
 * `nianbao user add NAME --role admin|staff` and `nianbao user passwd NAME`: account
 * administration on the data folder's database, safe while the server runs.
 */
import { openAccountStore } from '../accounts/open.ts';
import { isAccountRole, AccountError } from '../accounts/store.ts';
import { InvalidAccountInput, Users } from '../accounts/users.ts';
import { systemClock } from '../accounts/clock.ts';
import { parseCommandArgs } from './args.ts';
import { dataDirHelp, resolveDataDir } from './data-dir.ts';
import { CliError } from './errors.ts';
import { readNewPassword } from './password-input.ts';

export const userUsage = `用法 (usage):
  nianbao user add NAME --role admin|staff [--display-name 名称] [--password-stdin] [--data DIR]
  nianbao user passwd NAME [--password-stdin] [--data DIR]

  --role            admin：管理所有年报和成员；staff：只看到被加入的年报
  --display-name    他人看到的名称（默认同 NAME），如 张三
  --password-stdin  从标准输入读取密码（否则在终端输入两次，不回显）
  --data DIR        ${dataDirHelp}
修改密码会使该用户在所有设备上退出登录。`;

export async function userCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('user', args, {
    role: { type: 'string' },
    'display-name': { type: 'string' },
    'password-stdin': { type: 'boolean' },
    data: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(`${userUsage}\n`);
    return 0;
  }
  const [action, name, ...extra] = positionals;
  if ((action !== 'add' && action !== 'passwd') || name === undefined || extra.length > 0) {
    throw new CliError(`用法：nianbao user add NAME --role admin|staff，或 nianbao user passwd NAME（--help 查看说明）`);
  }
  if (action === 'add' && !isAccountRole(values.role)) throw new CliError('请用 --role admin 或 --role staff 指定账户类型');
  if (action === 'passwd' && (values.role !== undefined || values['display-name'] !== undefined)) {
    throw new CliError('user passwd 只修改密码，不接受 --role 或 --display-name');
  }
  const dataDir = resolveDataDir(values.data);
  const password = await readNewPassword(values['password-stdin'] === true);
  const { store, close } = openAccountStore(dataDir);
  try {
    const users = new Users(store, systemClock);
    if (action === 'add') {
      const user = await users.add(name, password, values.role as 'admin' | 'staff', values['display-name'] ?? name);
      process.stdout.write(`已创建用户 ${user.name}（${user.role === 'admin' ? '管理员' : '工作人员'}）\n`);
    } else {
      const user = await users.changePassword(name, password);
      process.stdout.write(`已修改用户 ${user.name} 的密码，其所有会话和访问令牌已失效\n`);
    }
    return 0;
  } catch (err) {
    if (err instanceof InvalidAccountInput || err instanceof AccountError) throw new CliError(err.message);
    throw err;
  } finally {
    close();
  }
}
