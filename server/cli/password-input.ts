/**
 * Reading a password for `nianbao user`: from standard input with `--password-stdin` (scripts:
 * `printf '%s' "$PW" | nianbao user add ...`), or typed twice at a terminal without echo.
 */
import { CliError } from './errors.ts';

export async function readPasswordFromStdin(stdin: NodeJS.ReadStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  // One trailing newline is the shell's, not the password's.
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Prompts on stderr and reads one line from a TTY with echo off. */
function promptHidden(prompt: string, stdin: NodeJS.ReadStream): Promise<string> {
  return new Promise((resolve, reject) => {
    process.stderr.write(prompt);
    let typed = '';
    const finish = (result: string | Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const onData = (data: Buffer) => {
      for (const char of data.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish(typed);
        if (char === '\u0003') return finish(new CliError('已取消'));
        if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
        else if (char >= ' ') typed += char;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

/** The new password, typed twice at a terminal or read from standard input. */
export async function readNewPassword(fromStdin: boolean, stdin: NodeJS.ReadStream = process.stdin): Promise<string> {
  if (fromStdin) return readPasswordFromStdin(stdin);
  if (!stdin.isTTY) throw new CliError('标准输入不是终端：请用 --password-stdin 从标准输入读取密码');
  const first = await promptHidden('新密码：', stdin);
  const second = await promptHidden('再次输入新密码：', stdin);
  if (first !== second) throw new CliError('两次输入的密码不一致');
  return first;
}
