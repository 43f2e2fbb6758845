// Process entry point: `npm start` runs this after the web app is built.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from './config.js';
import { createContext, startBackground } from './platform/bootstrap.js';
import { buildApp } from './app.js';
import { firstStart } from './seed/first-start.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main() {
  const config = loadConfig();
  const log = (msg: string, err?: unknown) => console.error(`[zongban] ${msg}`, err ?? '');
  const ctx = await createContext(config, log);
  const app = await buildApp(ctx, { logger: config.logLevel === 'silent' ? false : { level: config.logLevel }, webDist: path.join(root, 'dist') });
  const stopBackground = await startBackground(ctx, log);
  await firstStart(ctx);
  await app.listen({ port: config.port, host: config.host });
  console.log(`\n总办 Zongban 已启动: ${config.publicUrl}  (数据库: ${ctx.database.dialect}${ctx.database.sqlitePath ? ` ${ctx.database.sqlitePath}` : ''})`);
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await app.close();
    await stopBackground();
    await ctx.database.close();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
