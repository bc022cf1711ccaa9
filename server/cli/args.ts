/**
 * Argument parsing shared by every subcommand: `node:util` parseArgs in strict mode, with its
 * errors turned into one-line CliErrors (exit 2) that point at the command's --help.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;
import { CliError } from './errors.ts';

export function parseCommandArgs<const T extends ParseArgsOptionsConfig>(
  command: string,
  args: readonly string[],
  options: T,
  { positionals = true }: { positionals?: boolean } = {},
) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: positionals, strict: true });
  } catch (err) {
    throw new CliError(`参数有误：${(err as Error).message}（nianbao ${command} --help 查看用法）`);
  }
}
