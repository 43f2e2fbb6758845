// Outside channels: email over SMTP and group-robot webhooks (企业微信/钉钉/飞书).
import crypto from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Config } from '../../config.js';

export interface OutboundMessage {
  subject: string;
  text: string;
  link: string;
}

export type WebhookKind = 'wecom' | 'dingtalk' | 'feishu' | 'generic';

// A stalled relay must fail the attempt (and free the job) well before the job's expiry.
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

export function createMailer(config: Config) {
  if (!config.smtp) return null;
  const smtp = config.smtp;
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.user ? { user: smtp.user, pass: smtp.pass } : undefined,
    // Loopback and intranet relays often have no certificate; STARTTLS is used when offered.
    tls: { rejectUnauthorized: false },
    ...SMTP_TIMEOUTS,
  });
  /** `messageId` is the same for every attempt of one delivery, so a resend after a crash between the relay's answer and our commit can be recognised as the same message. */
  return async (to: string, msg: OutboundMessage, messageId: string) => {
    await transport.sendMail({ from: smtp.from, to, subject: msg.subject, text: `${msg.text}\n\n${msg.link}`, messageId });
  };
}

/** The JSON each robot expects (text messages; every robot renders a bare URL as a link). */
export function webhookBody(kind: WebhookKind, msg: OutboundMessage): Record<string, unknown> {
  const text = `${msg.subject}\n${msg.text}\n${msg.link}`;
  switch (kind) {
    case 'wecom':
      return { msgtype: 'text', text: { content: text } };
    case 'dingtalk':
      return { msgtype: 'text', text: { content: text }, at: { isAtAll: false } };
    case 'feishu':
      return { msg_type: 'text', content: { text } };
    default:
      return { subject: msg.subject, text: msg.text, link: msg.link };
  }
}

/**
 * 加签: DingTalk signs `${timestamp}\n${secret}` with the secret as key and puts it in the URL;
 * Feishu signs the empty string with `${timestamp}\n${secret}` as key and puts it in the body.
 */
export function signWebhook(kind: WebhookKind, url: string, body: Record<string, unknown>, secret: string | undefined, now = Date.now()): { url: string; body: Record<string, unknown> } {
  if (!secret) return { url, body };
  if (kind === 'dingtalk') {
    const sign = crypto.createHmac('sha256', secret).update(`${now}\n${secret}`).digest('base64');
    const u = new URL(url);
    u.searchParams.set('timestamp', String(now));
    u.searchParams.set('sign', sign);
    return { url: u.toString(), body };
  }
  if (kind === 'feishu') {
    const timestamp = String(Math.floor(now / 1000));
    const sign = crypto.createHmac('sha256', `${timestamp}\n${secret}`).update('').digest('base64');
    return { url, body: { timestamp, sign, ...body } };
  }
  return { url, body };
}

/** The robots answer HTTP 200 with an error code in the body when they refuse a message. */
export function robotRefusal(payload: unknown): string | null {
  if (!payload || typeof payload !== 'object') return null;
  const p = payload as Record<string, unknown>;
  if (typeof p.errcode === 'number' && p.errcode !== 0) return `robot refused: ${p.errcode} ${String(p.errmsg ?? '')}`.trim();
  if (typeof p.code === 'number' && p.code !== 0) return `robot refused: ${p.code} ${String(p.msg ?? '')}`.trim();
  if (typeof p.StatusCode === 'number' && p.StatusCode !== 0) return `robot refused: ${p.StatusCode} ${String(p.StatusMessage ?? '')}`.trim();
  return null;
}

export function createWebhookSender(config: Config) {
  if (!config.webhook) return null;
  const { url, kind, secret } = config.webhook;
  return async (msg: OutboundMessage) => {
    const signed = signWebhook(kind, url, webhookBody(kind, msg), secret);
    const res = await fetch(signed.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(signed.body), signal: AbortSignal.timeout(10_000) });
    const text = await res.text();
    if (!res.ok) throw new Error(`webhook answered ${res.status}`);
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* a generic receiver may answer anything with 2xx */
    }
    const refusal = robotRefusal(parsed);
    if (refusal) throw new Error(refusal.slice(0, 300));
  };
}
