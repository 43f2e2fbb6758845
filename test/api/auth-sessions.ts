// Logs demo users in the way the browser does, enrolling and answering TOTP for the roles that must
// use a second factor (sysadmin, security officer, auditor), so suites can act as any role.
import { hotp, totpStep } from '../../server/platform/auth/totp.js';
import { Client, DEMO_PASSWORD, type TestServer } from '../helpers/server.js';

/** One demo user per role, in the order of the authorisation matrix's columns. */
export const ROLE_USERS = {
  gm: 'zhangjianguo',
  vice_gm: 'liming',
  office_director: 'chenjing',
  secretary: 'wangfang',
  dept_head: 'qianwei',
  clerk: 'zhaomin',
  archivist: 'sunli',
  security_officer: 'zhoutao',
  sysadmin: 'wulei',
  auditor: 'zhengjie',
} as const;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Sessions {
  private readonly secrets = new Map<string, string>();
  private readonly lastStep = new Map<string, number>();
  private readonly cached = new Map<string, Client>();

  constructor(readonly server: TestServer) {}

  /** A logged-in client for this user, reused across calls: a fresh log-in costs a TOTP step. */
  async as(username: string): Promise<Client> {
    let c = this.cached.get(username);
    if (!c) {
      c = await this.login(username);
      this.cached.set(username, c);
    }
    return c;
  }

  /** Forgets the cached client (after a test logged it out or ended its session). */
  forget(username: string) {
    this.cached.delete(username);
  }

  /** A fresh session; enrols TOTP on first use when the role requires it, answers it afterwards. */
  async login(username: string, password = DEMO_PASSWORD): Promise<Client> {
    const c = this.server.anonymous();
    const totp = this.secrets.has(username) ? await this.nextCode(username) : undefined;
    const res = await c.post('/api/v1/auth/login', { username, password, ...(totp && { totp }) });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${res.text}`);
    c.csrf = res.body.csrfToken;
    if (res.body.mfaState === 'enrol') await this.enrol(username, c);
    return c;
  }

  /** The TOTP secret of an enrolled user (for tests that compute codes themselves). */
  secretOf(username: string): string | undefined {
    return this.secrets.get(username);
  }

  async enrol(username: string, c: Client) {
    const start = await c.post('/api/v1/me/totp/start');
    if (start.status !== 200) throw new Error(`totp start ${username}: ${start.status} ${start.text}`);
    const secret = start.body.secret as string;
    this.secrets.set(username, secret);
    const confirm = await c.post('/api/v1/me/totp/confirm', { code: await this.nextCode(username) });
    if (confirm.status !== 200) throw new Error(`totp confirm ${username}: ${confirm.status} ${confirm.text}`);
  }

  /**
   * A code the server will accept: it takes the current step ±1 and refuses any step at or before
   * the last one used, so successive log-ins walk forward and wait for the clock when they must.
   */
  async nextCode(username: string): Promise<string> {
    const secret = this.secrets.get(username);
    if (!secret) throw new Error(`${username} has no TOTP secret`);
    // Not the previous step: a request that crosses a step boundary would find it expired.
    const step = Math.max(totpStep(), (this.lastStep.get(username) ?? 0) + 1);
    // Step s is accepted once the clock reaches step s - 1; wait (at most one step) when needed.
    while (totpStep() < step - 1) await sleep(250);
    this.lastStep.set(username, step);
    return hotp(secret, step);
  }
}
