#!/usr/bin/env node
// `npm start`: build the web app if its sources changed, then run the server (tsx is a runtime
// dependency) in the foreground, passing signals on so Ctrl-C shuts it down cleanly.
import { spawn } from 'node:child_process';
import { ensureWebBuilt, ROOT } from './web-build.mjs';

ensureWebBuilt();
const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.kill(sig));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
