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
  /** Times of day (HH:MM, TZ_COMPANY) the GM's instruction batches close (BATCH_TIMES, seed 五 5.10). */
  batchTimes: string;
  demo: boolean;
  publicUrl: string;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  uploadLimitBytes: number;
  smtp: { host: string; port: number; secure: boolean; user?: string; pass?: string; from: string } | null;
  /** A group robot; `secret` is the robot's 加签 secret (DingTalk, Feishu), when it has one. */
  webhook: { url: string; kind: 'wecom' | 'dingtalk' | 'feishu' | 'generic'; secret?: string } | null;
  instanceId: string;
  logLevel: string;
  /** Interval of background loops (jobs poll, audit sealing); tests shorten it. */
  pollMs: number;
  /** A job run not finished after this long is presumed dead and retried (JOB_EXPIRE_SECONDS). */
  jobExpireSeconds: number;
  /** First delay before a failed job is retried; doubles each time (JOB_RETRY_BASE_MS). */
  jobRetryBaseMs: number;
  /** First delay before a failed email or robot delivery is tried again; ×4 each time. */
  deliveryRetryBaseMs: number;
  /** Interval of the SSE heartbeat, which also re-checks the session behind the stream. */
  sseHeartbeatMs: number;
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
    batchTimes: env.BATCH_TIMES || '10:00,16:00',
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
      ? { url: webhookUrl, kind: (env.WEBHOOK_KIND as 'wecom' | 'dingtalk' | 'feishu' | 'generic') || 'generic', secret: env.WEBHOOK_SECRET || undefined }
      : null,
    instanceId: env.INSTANCE_ID || `${os.hostname()}-${process.pid}-${crypto.randomBytes(3).toString('hex')}`,
    logLevel: env.LOG_LEVEL || 'info',
    pollMs: int(env.POLL_MS, 1000),
    jobExpireSeconds: Math.max(1, int(env.JOB_EXPIRE_SECONDS, 120)),
    jobRetryBaseMs: Math.max(100, int(env.JOB_RETRY_BASE_MS, 1000)),
    deliveryRetryBaseMs: Math.max(100, int(env.DELIVERY_RETRY_BASE_MS, 30_000)),
    sseHeartbeatMs: Math.max(200, int(env.SSE_HEARTBEAT_MS, 20_000)),
  };
}
