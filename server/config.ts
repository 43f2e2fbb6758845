// Configuration comes only from environment variables (README lists them).
import path from 'node:path';
import os from 'node:os';
import crypto from 'node:crypto';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** postgres://… switches to PostgreSQL; unset means embedded SQLite under dataDir. */
  databaseUrl: string | null;
  tzCompany: string;
  demo: boolean;
  publicUrl: string;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  uploadLimitBytes: number;
  smtp: { host: string; port: number; secure: boolean; user?: string; pass?: string; from: string } | null;
  webhook: { url: string; kind: 'wecom' | 'dingtalk' | 'feishu' | 'generic' } | null;
  instanceId: string;
  logLevel: string;
  /** Interval of background loops (jobs poll, audit sealing); tests shorten it. */
  pollMs: number;
}

function int(v: string | undefined, dflt: number): number {
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`not a number: ${v}`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = int(env.PORT, 3000);
  const dataDir = path.resolve(env.DATA_DIR || './data');
  const smtpHost = env.SMTP_HOST;
  const webhookUrl = env.WEBHOOK_URL;
  return {
    port,
    host: env.HOST || '0.0.0.0',
    dataDir,
    databaseUrl: env.DATABASE_URL || null,
    tzCompany: env.TZ_COMPANY || 'Asia/Shanghai',
    demo: env.ZONGBAN_DEMO !== '0',
    publicUrl: env.PUBLIC_URL || `http://localhost:${port}`,
    sessionIdleMinutes: int(env.SESSION_IDLE_MINUTES, 120),
    sessionAbsoluteHours: int(env.SESSION_ABSOLUTE_HOURS, 12),
    uploadLimitBytes: int(env.UPLOAD_LIMIT_MB, 20) * 1024 * 1024,
    smtp: smtpHost
      ? {
          host: smtpHost,
          port: int(env.SMTP_PORT, 25),
          secure: env.SMTP_SECURE === '1',
          user: env.SMTP_USER || undefined,
          pass: env.SMTP_PASS || undefined,
          from: env.SMTP_FROM || 'zongban@localhost',
        }
      : null,
    webhook: webhookUrl
      ? { url: webhookUrl, kind: (env.WEBHOOK_KIND as 'wecom' | 'dingtalk' | 'feishu' | 'generic') || 'generic' }
      : null,
    instanceId: env.INSTANCE_ID || `${os.hostname()}-${process.pid}-${crypto.randomBytes(3).toString('hex')}`,
    logLevel: env.LOG_LEVEL || 'info',
    pollMs: int(env.POLL_MS, 1000),
  };
}
