// A real SMTP server on 127.0.0.1 (smtp-server) that records what it accepts, and can be told to
// refuse or to stall the next messages, so tests see exactly what the application sent and how it
// copes with a relay that fails or hangs. Reusable by any suite:
//   const smtp = await startSmtp();  env: smtp.env  →  SMTP_HOST / SMTP_PORT / SMTP_FROM
//   await smtp.waitForMail((m) => m.to.includes(addr));  smtp.refuseNext(2, 451);  smtp.stallNext();
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { waitUntil } from './wait.js';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** Decoded subject (encoded-words undone). */
  subject: string;
  /** Decoded text of the message (transfer encoding undone, every text part joined). */
  text: string;
  /** The raw message as received. */
  raw: string;
  at: number;
}

export interface Stall {
  /** Resolves when a message's DATA has fully arrived and is being held (no answer sent yet). */
  arrived: Promise<void>;
  /** Resolves when the client hung up while its message was held (the message is not accepted). */
  abandoned: Promise<void>;
  /** Answers 250 to the held message (accepts it, if the client is still there). */
  release(): void;
}

export interface SmtpSink {
  port: number;
  env: Record<string, string>;
  /** Messages accepted (answered 250 to a connected client), in order. */
  mails: ReceivedMail[];
  /** Messages refused or abandoned, with why. */
  rejected: { reason: string; at: number }[];
  /** The next `count` messages are answered with this code (4xx temporary, 5xx permanent). */
  refuseNext(count: number, code?: number): void;
  /** The next message is held after DATA until released, or until its client hangs up. */
  stallNext(): Stall;
  waitForMail(match: (m: ReceivedMail) => boolean, ms?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

function decodeWords(s: string): string {
  return s.replace(/=\?([^?]+)\?([bq])\?([^?]*)\?=(\s+(?==\?))?/gi, (_m, _cs, enc: string, data: string) =>
    enc.toLowerCase() === 'b'
      ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_x, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
  );
}

function parseHeaders(head: string): Map<string, string> {
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const map = new Map<string, string>();
  for (const line of unfolded.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) map.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return map;
}

function decodeBody(body: string, encoding: string | undefined): string {
  switch ((encoding ?? '').toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable':
      return Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9a-f]{2})/gi, (_m, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
    default:
      return body;
  }
}

/** Enough MIME for what nodemailer sends: one text part, or a multipart of text parts. */
export function parseMail(raw: string): { subject: string; text: string } {
  const split = raw.search(/\r?\n\r?\n/);
  const head = parseHeaders(split < 0 ? raw : raw.slice(0, split));
  const body = split < 0 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const subject = decodeWords(head.get('subject') ?? '');
  const type = head.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!boundary) return { subject, text: decodeBody(body, head.get('content-transfer-encoding')) };
  const texts: string[] = [];
  for (const part of body.split(`--${boundary}`).slice(1)) {
    if (part.startsWith('--')) break;
    const inner = parseMail(part.replace(/^\r?\n/, ''));
    texts.push(inner.text);
  }
  return { subject, text: texts.join('\n') };
}

/** `port`: listen on this port again (a relay that comes back after being down). */
export async function startSmtp(opts: { from?: string; port?: number } = {}): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  const rejected: { reason: string; at: number }[] = [];
  const refusals: number[] = [];
  const stalls: { arrived: () => void; abandoned: () => void; released: Promise<void> }[] = [];
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((w) => w());

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const code = refusals.shift();
        if (code !== undefined) {
          rejected.push({ reason: `refused ${code}`, at: Date.now() });
          notify();
          const err = Object.assign(new Error(code >= 500 ? 'Message refused (test)' : 'Try again later (test)'), { responseCode: code });
          return callback(err);
        }
        const stall = stalls.shift();
        if (stall) {
          // A client that dies while its message is held has not had it accepted.
          let gone = false;
          const onGone = () => {
            if (gone) return;
            gone = true;
            rejected.push({ reason: 'client hung up while held', at: Date.now() });
            stall.abandoned();
            notify();
          };
          heldSessions.set(session.id, onGone);
          stall.arrived();
          await stall.released;
          heldSessions.delete(session.id);
          if (gone) return;
        }
        const parsed = parseMail(raw);
        mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), subject: parsed.subject, text: parsed.text, raw, at: Date.now() });
        notify();
        callback();
      });
    },
    onClose(session) {
      heldSessions.get(session.id)?.();
    },
  });
  const heldSessions = new Map<string, () => void>();
  server.on('error', () => {
    /* a client that vanished mid-command; the test sees it through `rejected` */
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;

  return {
    port,
    env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), SMTP_FROM: opts.from ?? 'zongban@zongban.test' },
    mails,
    rejected,
    refuseNext(count, code = 451) {
      for (let i = 0; i < count; i++) refusals.push(code);
    },
    stallNext() {
      let arrived!: () => void;
      let abandoned!: () => void;
      let release!: () => void;
      const s = {
        arrived: new Promise<void>((r) => (arrived = r)),
        abandoned: new Promise<void>((r) => (abandoned = r)),
        released: new Promise<void>((r) => (release = r)),
      };
      stalls.push({ arrived, abandoned, released: s.released });
      return { arrived: s.arrived, abandoned: s.abandoned, release };
    },
    async waitForMail(match, ms = 20_000) {
      let found: ReceivedMail | undefined;
      await waitUntil('an accepted mail', () => (found = mails.find(match)) !== undefined, ms, waiters);
      return found!;
    },
    async close() {
      for (const s of stalls.splice(0)) s.arrived();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
