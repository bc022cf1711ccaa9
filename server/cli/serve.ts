/**
 * `nianbao serve`: runs the collaboration server until SIGTERM or SIGINT, then shuts down
 * gracefully (no new connections, pending updates stored, sockets closed with 1001).
 */
import { parseServeConfig, serveUsage } from './serve-config.ts';
import { startServer } from '../app.ts';
import { firstAdminNotice, NoAdminError } from '../accounts/bootstrap.ts';
import { StorageError } from '../storage/errors.ts';
import { CliError } from './errors.ts';

/**
 * A server whose stdout or stderr reader went away (a log shipper restarting, a closed
 * terminal, a parent that stopped reading its pipe) gets EPIPE on its next line: an unhandled
 * stream error that would end the process, and on SIGTERM would do so before the graceful
 * shutdown stores what is pending. The lines are lost; the server goes on. (pino's own
 * destination already drops its writes on EPIPE.)
 */
function keepServingWithoutOutputReaders(): void {
  for (const output of [process.stdout, process.stderr]) output.on('error', () => {});
}

export async function serveCommand(args: string[]): Promise<number> {
  const config = parseServeConfig(args);
  if (config === 'help') {
    process.stdout.write(`${serveUsage}\n`);
    return 0;
  }
  keepServingWithoutOutputReaders();
  let server;
  try {
    server = await startServer(config);
  } catch (err) {
    if (err instanceof NoAdminError) throw new CliError(err.message);
    // Another server on the folder, a damaged or newer database: the message says what to do.
    if (err instanceof StorageError) throw new CliError(err.message);
    throw err;
  }
  // The first admin's one-time password, once, on stdout (the log lines never contain it).
  if (server.firstAdmin) process.stdout.write(`${firstAdminNotice(server.url, server.firstAdmin.password)}\n`);
  // For scripts and tests that start `--port 0`: the one line on stderr that says where.
  process.stderr.write(`nianbao: 服务已启动 ${server.url}\n`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  process.stderr.write(`nianbao: 收到 ${signal}，正在关闭…\n`);
  await server.close();
  return 0;
}
