// Log-in, sessions, second factor and API tokens.
import QRCode from 'qrcode';
import { capabilitiesOf, MFA_REQUIRED_ROLES, type Role } from '../../../common/roles.js';
import type { Config } from '../../config.js';
import type { Actor } from '../access/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { AppError } from '../errors.js';
import { nowIso, randomToken, sha256Hex } from '../ids.js';
import { AuthRepository } from './auth.repository.js';
import { hashPassword, passwordProblem, verifyPassword } from './password.js';
import { newTotpSecret, otpauthUri, verifyTotp } from './totp.js';

const MAX_FAILURES = 5; // per account
const MAX_FAILURES_PER_IP = 30; // an office shares one NAT address: looser per address
const WINDOW_MS = 15 * 60_000;
const LOCK_MS = 15 * 60_000;
// Refreshing last_seen on every request would turn every read into a write; once a minute is enough.
const TOUCH_EVERY_MS = 60_000;
export const SESSION_COOKIE = 'zb_session';
export const TOKEN_PREFIX = 'zbt_';

export interface LoginInput {
  username: string;
  password: string;
  totp?: string;
  ip: string;
  userAgent: string;
}

export interface LoginResult {
  token: string;
  csrfToken: string;
  mfaState: 'ok' | 'enrol';
  personId: string;
}

export interface ResolvedPrincipal {
  actor: Actor;
  session: { id: string; csrfToken: string; mfaState: 'ok' | 'enrol' } | null;
}

export class AuthService {
  constructor(
    readonly repo: AuthRepository,
    private readonly audit: AuditService,
    private readonly config: Config,
  ) {}

  private async assertNotLocked(keys: string[], now: Date) {
    const rows = await this.repo.throttleRows(keys);
    const locked = rows.find((r) => r.locked_until && Date.parse(r.locked_until) > now.getTime());
    if (locked) {
      throw new AppError('locked_out', '登录失败次数过多，账号已暂时锁定，请 15 分钟后再试', { lockedUntil: locked.locked_until });
    }
  }

  private async fail(keys: string[], now: Date, input: LoginInput, personId: string | null, reason: string, message: string): Promise<never> {
    for (const k of keys) await this.repo.recordFailure(k, now, WINDOW_MS, k.startsWith('ip:') ? MAX_FAILURES_PER_IP : MAX_FAILURES, LOCK_MS);
    await this.audit.record(null, { id: personId ?? '', name: input.username, ip: input.ip }, 'auth.login', { recordType: 'person', recordId: personId }, 'failed', { reason });
    throw new AppError('unauthenticated', message);
  }

  async login(input: LoginInput): Promise<LoginResult> {
    const now = new Date();
    const keys = [`user:${input.username.toLowerCase()}`, `ip:${input.ip}`];
    try {
      await this.assertNotLocked(keys, now);
    } catch (e) {
      await this.audit.record(null, { id: '', name: input.username, ip: input.ip }, 'auth.login', {}, 'refused', { reason: 'locked' });
      throw e;
    }
    const person = await this.repo.findLoginByUsername(input.username);
    const ok = await verifyPassword(input.password, person?.password_hash ?? null);
    if (!person || !ok) return this.fail(keys, now, input, person?.id ?? null, 'bad password', '用户名或密码错误');
    if (person.status !== 'active') return this.fail(keys, now, input, person.id, 'disabled', '账号已停用，请联系系统管理员');

    const roles = await this.repo.rolesOf(person.id);
    let mfaState: 'ok' | 'enrol' = 'ok';
    if (person.totp_enabled && person.totp_secret) {
      if (!input.totp) {
        throw new AppError('mfa_required', '请输入动态口令');
      }
      const step = verifyTotp(person.totp_secret, input.totp, person.totp_last_step);
      if (step === null || !(await this.repo.consumeTotpStep(person.id, step))) {
        return this.fail(keys, now, input, person.id, 'bad totp', '动态口令错误或已使用');
      }
    } else if (roles.some((r) => MFA_REQUIRED_ROLES.includes(r as Role))) {
      mfaState = 'enrol';
    }
    for (const k of keys) await this.repo.clearThrottle(k);

    const token = randomToken(32); // 256 bits
    const csrfToken = randomToken(24);
    const nowS = now.toISOString();
    await this.repo.insertSession({
      id: sha256Hex(token),
      person_id: person.id,
      csrf_token: csrfToken,
      mfa_state: mfaState,
      created_at: nowS,
      last_seen_at: nowS,
      idle_expires_at: new Date(now.getTime() + this.config.sessionIdleMinutes * 60_000).toISOString(),
      absolute_expires_at: new Date(now.getTime() + this.config.sessionAbsoluteHours * 3_600_000).toISOString(),
      ip: input.ip,
      user_agent: input.userAgent.slice(0, 300),
    });
    await this.audit.record(null, { id: person.id, name: person.name, ip: input.ip }, 'auth.login', { recordType: 'person', recordId: person.id }, 'ok', { mfaState });
    return { token, csrfToken, mfaState, personId: person.id };
  }

  /**
   * Resolves a session cookie or API token to an actor; null when absent, expired or disabled.
   * `touch: false` re-checks without counting as activity (a live stream must not keep a session from idling out).
   */
  async resolve(cookieToken: string | undefined, bearer: string | undefined, ip: string, { touch = true }: { touch?: boolean } = {}): Promise<ResolvedPrincipal | null> {
    const now = Date.now();
    if (bearer && bearer.startsWith(TOKEN_PREFIX)) {
      const row = await this.repo.tokenWithPrincipal(sha256Hex(bearer));
      if (!row || row.status !== 'active') return null;
      if (touch && (!row.last_used_at || Date.parse(row.last_used_at) + TOUCH_EVERY_MS < now)) await this.repo.touchToken(row.id, nowIso());
      const roles = await this.repo.rolesOf(row.person_id);
      return { actor: this.actorOf(row, roles, ip, 'token'), session: null };
    }
    if (!cookieToken) return null;
    const id = sha256Hex(cookieToken);
    const row = await this.repo.sessionWithPrincipal(id);
    if (!row) return null;
    if (row.status !== 'active' || Date.parse(row.idle_expires_at) < now || Date.parse(row.absolute_expires_at) < now) {
      await this.repo.deleteSession(id);
      return null;
    }
    if (touch && Date.parse(row.last_seen_at) + TOUCH_EVERY_MS < now) {
      await this.repo.touchSession(id, new Date(now).toISOString(), new Date(now + this.config.sessionIdleMinutes * 60_000).toISOString());
    }
    const roles = await this.repo.rolesOf(row.person_id);
    const actor = this.actorOf(row, roles, ip, 'session');
    actor.sessionId = id;
    return { actor, session: { id, csrfToken: row.csrf_token, mfaState: row.mfa_state } };
  }

  private actorOf(row: { person_id: string; name: string; username: string; clearance: number; department_id: string }, roles: string[], ip: string, via: 'session' | 'token'): Actor {
    return {
      id: row.person_id,
      name: row.name,
      username: row.username,
      roles,
      capabilities: capabilitiesOf(roles),
      clearance: row.clearance,
      departmentId: row.department_id,
      ip,
      via,
    };
  }

  async logout(actor: Actor) {
    if (actor.sessionId) await this.repo.deleteSession(actor.sessionId);
    await this.audit.record(null, actor, 'auth.logout', { recordType: 'person', recordId: actor.id });
  }

  async changePassword(actor: Actor, current: string, next: string) {
    const person = await this.repo.findLoginById(actor.id);
    if (!person || !(await verifyPassword(current, person.password_hash))) {
      await this.audit.record(null, actor, 'auth.password.change', { recordType: 'person', recordId: actor.id }, 'failed', { reason: 'bad current password' });
      throw new AppError('unprocessable', '当前密码不正确', { field: 'currentPassword' });
    }
    const problem = passwordProblem(next);
    if (problem) throw new AppError('validation_failed', problem, { field: 'newPassword' });
    await this.repo.setPassword(actor.id, await hashPassword(next));
    // Other sessions end: whoever knew the old password is out.
    await this.repo.deleteSessionsOf(actor.id, actor.sessionId);
    await this.audit.record(null, actor, 'auth.password.change', { recordType: 'person', recordId: actor.id });
  }

  async startTotpEnrolment(actor: Actor) {
    const person = await this.repo.findLoginById(actor.id);
    if (person?.totp_enabled) throw new AppError('conflict', '已绑定动态口令');
    const secret = newTotpSecret();
    await this.repo.setTotp(actor.id, secret, false);
    const uri = otpauthUri(secret, actor.username);
    return { secret, otpauthUri: uri, qrDataUrl: await QRCode.toDataURL(uri, { margin: 1, width: 220 }) };
  }

  async confirmTotp(actor: Actor, code: string) {
    const person = await this.repo.findLoginById(actor.id);
    if (!person?.totp_secret || person.totp_enabled) throw new AppError('conflict', '请先开始绑定动态口令');
    const step = verifyTotp(person.totp_secret, code, person.totp_last_step);
    if (step === null) {
      await this.audit.record(null, actor, 'auth.totp.enrol', { recordType: 'person', recordId: actor.id }, 'failed');
      throw new AppError('unprocessable', '动态口令不正确', { field: 'code' });
    }
    await this.repo.setTotp(actor.id, person.totp_secret, true, step);
    if (actor.sessionId) await this.repo.setSessionMfaState(actor.sessionId, 'ok');
    await this.audit.record(null, actor, 'auth.totp.enrol', { recordType: 'person', recordId: actor.id });
  }

  async disableTotp(actor: Actor, password: string) {
    if (actor.roles.some((r) => MFA_REQUIRED_ROLES.includes(r as Role))) {
      throw new AppError('forbidden', '您的角色必须使用动态口令，不能关闭');
    }
    const person = await this.repo.findLoginById(actor.id);
    if (!person || !(await verifyPassword(password, person.password_hash))) throw new AppError('unprocessable', '密码不正确', { field: 'password' });
    await this.repo.setTotp(actor.id, null, false);
    await this.audit.record(null, actor, 'auth.totp.disable', { recordType: 'person', recordId: actor.id });
  }

  async createToken(actor: Actor, name: string) {
    const token = `${TOKEN_PREFIX}${randomToken(32)}`;
    const id = await this.repo.insertToken(actor.id, name, sha256Hex(token), token.slice(0, 10));
    await this.audit.record(null, actor, 'auth.token.create', { recordType: 'api_token', recordId: id });
    return { id, token };
  }

  async revokeToken(actor: Actor, id: string) {
    if (!(await this.repo.revokeToken(actor.id, id))) throw new AppError('not_found', '令牌不存在');
    await this.audit.record(null, actor, 'auth.token.revoke', { recordType: 'api_token', recordId: id });
  }

  /** Disabling an account or changing who may log in ends its sessions at once. */
  async endSessionsOf(personId: string) {
    await this.repo.deleteSessionsOf(personId);
  }
}
