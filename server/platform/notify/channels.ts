// Outside channels: email over SMTP and group-robot webhooks (企业微信/钉钉/飞书).
import nodemailer from 'nodemailer';
import type { Config } from '../../config.js';

export interface OutboundMessage {
  subject: string;
  text: string;
  link: string;
}

export function createMailer(config: Config) {
  if (!config.smtp) return null;
  const transport = nodemailer.createTransport({
    host: config.smtp.host,
    port: config.smtp.port,
    secure: config.smtp.secure,
    auth: config.smtp.user ? { user: config.smtp.user, pass: config.smtp.pass } : undefined,
    // Loopback and intranet relays often have no certificate; STARTTLS is used when offered.
    tls: { rejectUnauthorized: false },
  });
  return async (to: string, msg: OutboundMessage) => {
    await transport.sendMail({ from: config.smtp!.from, to, subject: msg.subject, text: `${msg.text}\n\n${msg.link}` });
  };
}

export function webhookBody(kind: string, msg: OutboundMessage): unknown {
  const text = `${msg.subject}\n${msg.text}\n${msg.link}`;
  switch (kind) {
    case 'wecom':
    case 'dingtalk':
      return { msgtype: 'text', text: { content: text } };
    case 'feishu':
      return { msg_type: 'text', content: { text } };
    default:
      return { subject: msg.subject, text: msg.text, link: msg.link };
  }
}

export function createWebhookSender(config: Config) {
  if (!config.webhook) return null;
  const { url, kind } = config.webhook;
  return async (msg: OutboundMessage) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(webhookBody(kind, msg)), signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`webhook answered ${res.status}`);
  };
}
