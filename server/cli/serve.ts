/**
 * `nianbao serve`: runs the collaboration server until SIGTERM or SIGINT, then shuts down
 * gracefully (no new connections, pending updates stored, sockets closed with 1001).
 */
import { parseServeConfig, serveUsage } from '../config.ts';
import { startServer } from '../app.ts';

export async function serveCommand(args: string[]): Promise<number> {
  const config = parseServeConfig(args);
  if (config === 'help') {
    process.stdout.write(`${serveUsage}\n`);
    return 0;
  }
  const server = await startServer(config);
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
