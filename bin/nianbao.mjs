#!/usr/bin/env node
// The `nianbao` command. The sources are TypeScript; tsx compiles them on load so that
// `npx nianbao …` works right after `npm ci`, with no build step for the server side.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../server/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
