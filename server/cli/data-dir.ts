/**
 * The data folder, taken the same way by every command that opens it (`serve`, `user`, `token`,
 * `backup`): `--data DIR`, else `NIANBAO_DATA`, else ./data in the working folder. An empty
 * variable counts as unset; an empty flag is a mistake, not the working folder.
 */
import { CliError } from './errors.ts';

export type Env = Readonly<Record<string, string | undefined>>;

export const defaultDataDir = './data';

/** What `--data DIR` means, for each command's usage text. */
export const dataDirHelp = `数据目录 (NIANBAO_DATA, 默认 ${defaultDataDir})`;

/** The data folder for a command whose `--data` flag is `flag`. */
export function resolveDataDir(flag: string | undefined, env: Env = process.env): string {
  if (flag !== undefined) {
    if (flag.trim() === '') throw new CliError('--data 不能为空');
    return flag;
  }
  return env.NIANBAO_DATA || defaultDataDir;
}
