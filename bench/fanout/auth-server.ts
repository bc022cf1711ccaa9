/**
 * A nianbao server for bench/fanout-auth.ts, in its own process: `auth-server.ts checks DIR`
 * runs with accounts and per-update permission checks (as `nianbao serve` does), `no-checks DIR`
 * without accounts, everyone let in (possible only from code like this, never from the CLI or
 * environment). With checks, it adds the user `bench-editor`, an editor of part 六 only (so every update is
 * inspected and judged against a part list), and prints a token for it. Prints
 * `listening URL token TOKEN` on stderr.
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../server/app.ts';
import { sampleReportId } from '../../server/reports.ts';
import { openHooks } from '../../server/test-support/open-hooks.ts';

const [mode, dataDir] = process.argv.slice(2);
if ((mode !== 'checks' && mode !== 'no-checks') || !dataDir) throw new Error('usage: auth-server.ts checks|no-checks DATA_DIR');
const server = await startServer({
  port: 0,
  dataDir,
  auth: mode === 'checks' ? 'accounts' : openHooks,
  logLevel: 'info',
  logDestination: createWriteStream(join(dataDir, 'server.log')),
});
let token = '-';
if (server.accounts) {
  const user = await server.accounts.users.add('bench-editor', 'bench-password-0123', 'staff', '基准测试');
  await server.accounts.access.setMember(sampleReportId, user, { role: 'editor', parts: ['other'] });
  token = (await server.accounts.sessions.mintToken(user)).token;
}
process.stderr.write(`listening ${server.url} token ${token}\n`);
process.once('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
