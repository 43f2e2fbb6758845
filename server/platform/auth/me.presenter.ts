import type { AppContext } from '../context.js';
import type { Actor } from '../access/actor.js';
import { contentCeiling } from '../access/policy.js';

export async function presentMe(ctx: AppContext, actor: Actor, session: { csrfToken: string; mfaState: 'ok' | 'enrol' } | null) {
  const person = await ctx.auth.repo.profileOf(actor.id);
  return {
    id: actor.id,
    name: actor.name,
    username: actor.username,
    position: person?.position ?? '',
    email: person?.email ?? null,
    phone: person?.phone ?? null,
    department: { id: actor.departmentId, name: person?.department_name ?? '' },
    roles: actor.roles,
    capabilities: [...actor.capabilities].sort(),
    clearance: actor.clearance,
    contentCeiling: contentCeiling(actor),
    totpEnabled: !!person?.totp_enabled,
    mfaState: session?.mfaState ?? 'ok',
    csrfToken: session?.csrfToken ?? null,
    timeZone: ctx.config.tzCompany,
  };
}
