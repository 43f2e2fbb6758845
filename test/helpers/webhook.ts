// A real HTTP receiver on 127.0.0.1 standing in for a group robot (企业微信/钉钉/飞书): it records
// every POST and answers like the robot does (HTTP 200 with errcode/code 0), or as told, so tests
// see the exact body the application sent and how it copes with a refusal. Reusable by any suite:
//   const robot = await startWebhook('dingtalk');  env: robot.env  →  WEBHOOK_URL / WEBHOOK_KIND
//   await robot.waitForCall();  robot.answerNext(1, 200, { errcode: 310000, errmsg: 'keywords not in content' });
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitUntil } from './wait.js';

export type RobotKind = 'wecom' | 'dingtalk' | 'feishu' | 'generic';

export interface RobotCall {
  /** Path and query as requested (DingTalk's signature travels in the query). */
  url: string;
  headers: http.IncomingHttpHeaders;
  raw: string;
  /** The JSON body, or null when it was not JSON. */
  body: any;
  at: number;
}

export interface RobotSink {
  kind: RobotKind;
  url: string;
  env: Record<string, string>;
  /** Every request received, answered well or not, in order. */
  calls: RobotCall[];
  /** The next `count` requests get this answer instead of the robot's "ok". */
  answerNext(count: number, status: number, body: unknown): void;
  waitForCall(match?: (c: RobotCall) => boolean, ms?: number): Promise<RobotCall>;
  close(): Promise<void>;
}

/** Where each robot's webhook lives, and what it answers when it takes a message. */
const ROBOTS: Record<RobotKind, { path: string; ok: unknown }> = {
  wecom: { path: '/cgi-bin/webhook/send?key=test-key', ok: { errcode: 0, errmsg: 'ok' } },
  dingtalk: { path: '/robot/send?access_token=test-token', ok: { errcode: 0, errmsg: 'ok' } },
  feishu: { path: '/open-apis/bot/v2/hook/test-hook', ok: { code: 0, msg: 'success', data: {} } },
  generic: { path: '/hooks/zongban', ok: { ok: true } },
};

export async function startWebhook(kind: RobotKind, opts: { secret?: string } = {}): Promise<RobotSink> {
  const calls: RobotCall[] = [];
  const answers: { status: number; body: unknown }[] = [];
  const waiters = new Set<() => void>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      try {
        body = JSON.parse(raw);
      } catch {
        /* recorded raw */
      }
      calls.push({ url: req.url ?? '', headers: req.headers, raw, body, at: Date.now() });
      const answer = answers.shift() ?? { status: 200, body: ROBOTS[kind].ok };
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
      waiters.forEach((w) => w());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${ROBOTS[kind].path}`;
  return {
    kind,
    url,
    env: { WEBHOOK_URL: url, WEBHOOK_KIND: kind, ...(opts.secret && { WEBHOOK_SECRET: opts.secret }) },
    calls,
    answerNext(count, status, body) {
      for (let i = 0; i < count; i++) answers.push({ status, body });
    },
    async waitForCall(match = () => true, ms = 20_000) {
      let found: RobotCall | undefined;
      await waitUntil(`a ${kind} robot call`, () => (found = calls.find(match)) !== undefined, ms, waiters);
      return found!;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The text a robot would show, whatever its body shape. */
export function robotText(call: RobotCall): string {
  const b = call.body ?? {};
  return String(b.text?.content ?? b.content?.text ?? [b.subject, b.text, b.link].filter(Boolean).join('\n'));
}
