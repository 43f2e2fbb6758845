import type { PersonTable } from '../../platform/db/schema.js';
import { newId, nowIso } from '../../platform/ids.js';

export interface NewPerson {
  companyId: string;
  departmentId: string;
  username: string;
  name: string;
  email?: string | null;
  phone?: string | null;
  position?: string;
  rankOrder?: number;
  /** 内部 unless the security officer says otherwise. */
  clearance?: number;
  passwordHash: string | null;
  id?: string;
  at?: string;
}

/** A new person's row with every default in one place (service, import, demo seed, bench). */
export function newPersonRow(p: NewPerson): PersonTable {
  const at = p.at ?? nowIso();
  return {
    id: p.id ?? newId(),
    company_id: p.companyId,
    department_id: p.departmentId,
    username: p.username,
    name: p.name,
    email: p.email ?? null,
    phone: p.phone ?? null,
    position: p.position ?? '',
    rank_order: p.rankOrder ?? 1000,
    clearance: p.clearance ?? 1,
    status: 'active',
    password_hash: p.passwordHash,
    password_changed_at: p.passwordHash ? at : null,
    totp_secret: null,
    totp_enabled: 0,
    totp_last_step: 0,
    created_at: at,
    updated_at: at,
    version: 1,
  };
}
