import { can } from '../../platform/access/policy.js';
import type { Actor } from '../../platform/access/actor.js';
import type { DB } from '../../platform/db/schema.js';
import type { PersonRow } from './org.repository.js';

export function presentPerson(p: PersonRow & { roles: string[] }, actor: Actor, deptNames?: Map<string, string>) {
  const manage = can(actor, 'org.manage');
  return {
    id: p.id,
    username: p.username,
    name: p.name,
    department: { id: p.department_id, name: deptNames?.get(p.department_id) ?? null },
    position: p.position,
    rankOrder: p.rank_order,
    phone: p.phone,
    email: p.email,
    clearance: p.clearance,
    status: p.status,
    roles: p.roles,
    totpEnabled: !!p.totp_enabled,
    version: p.version,
    abilities: {
      edit: manage,
      setRoles: manage,
      disable: manage && p.id !== actor.id,
      resetPassword: manage,
      setClearance: can(actor, 'security.manage'),
    },
  };
}

export function presentDepartment(d: DB['departments'], actor: Actor) {
  return {
    id: d.id,
    parentId: d.parent_id,
    name: d.name,
    code: d.code,
    kind: d.kind,
    sortOrder: d.sort_order,
    version: d.version,
    abilities: { edit: can(actor, 'org.manage'), delete: can(actor, 'org.manage') },
  };
}

export function presentCompany(c: DB['companies'], actor: Actor) {
  return {
    id: c.id,
    name: c.name,
    shortName: c.short_name,
    fondsCode: c.fonds_code,
    orgCode: c.org_code,
    version: c.version,
    abilities: { edit: can(actor, 'org.manage') },
  };
}
