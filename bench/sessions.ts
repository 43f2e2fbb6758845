// Log-in sessions of the generated users, written straight into the sessions table (a real log-in
// costs a scrypt hash, ~50 ms of CPU each, and is not what these scenarios measure).
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../server/platform/db/schema.js';
import { AuthRepository } from '../server/platform/auth/auth.repository.js';
import { loadConfig } from '../server/config.js';
import { randomToken, sha256Hex } from '../server/platform/ids.js';

export interface BenchUser {
  id: string;
  username: string;
  roles: string[];
}

export interface BenchSession extends BenchUser {
  /** The cookie value (zb_session=<token>); the table holds its SHA-256 as the session id. */
  token: string;
  sessionId: string;
  /** The session's CSRF token: a write sends it as x-csrf-token. */
  csrf: string;
}

/** Same as TOUCH_EVERY_MS in server/platform/auth/auth.service.ts: last_seen is refreshed at most once a minute. */
export const TOUCH_EVERY_MS = 60_000;

const USER_AGENT = 'zongban-bench';

/**
 * Ends every session of these users and issues one fresh session each, so that a cached database
 * reused days later still has live sessions (the absolute expiry is hours).
 */
export async function issueSessions(db: Kysely<DB>, users: BenchUser[]): Promise<BenchSession[]> {
  const config = loadConfig();
  const now = Date.now();
  const at = new Date(now).toISOString();
  const sessions = users.map((u) => {
    const token = randomToken(32);
    return { ...u, token, sessionId: sha256Hex(token), csrf: randomToken(24) };
  });
  await db.transaction().execute(async (trx) => {
    const repo = new AuthRepository(trx);
    for (const s of sessions) {
      await repo.deleteSessionsOf(s.id);
      await repo.insertSession({
        id: s.sessionId,
        person_id: s.id,
        csrf_token: s.csrf,
        mfa_state: 'ok',
        created_at: at,
        last_seen_at: at,
        idle_expires_at: new Date(now + config.sessionIdleMinutes * 60_000).toISOString(),
        absolute_expires_at: new Date(now + config.sessionAbsoluteHours * 3_600_000).toISOString(),
        ip: '127.0.0.1',
        user_agent: USER_AGENT,
      });
    }
  });
  return sessions;
}

/**
 * Before each measured run: spreads last_seen over the past minute, as it is for users who keep
 * working. The server then refreshes each session once within the next minute (a write), at the
 * steady rate of sessions/60 s, the same for the app and for its ceiling whichever runs first.
 */
export async function staggerSessions(db: Kysely<DB>, sessions: BenchSession[]): Promise<void> {
  const idleMs = loadConfig().sessionIdleMinutes * 60_000;
  const now = Date.now();
  await db.transaction().execute(async (trx) => {
    const repo = new AuthRepository(trx);
    for (const [i, s] of sessions.entries()) {
      // A fixed permutation (7919 is prime), so the offset does not follow the client's rotation order.
      const slot = (i * 7919) % sessions.length;
      const seen = now - Math.round(((slot + 0.5) / sessions.length) * TOUCH_EVERY_MS);
      await repo.touchSession(s.sessionId, new Date(seen).toISOString(), new Date(seen + idleMs).toISOString());
    }
  });
}

export function writeTokens(dir: string, sessions: BenchSession[]): void {
  fs.writeFileSync(path.join(dir, 'tokens.json'), JSON.stringify(sessions, null, 1));
}
