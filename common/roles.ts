// Roles and the capabilities they grant. The server enforces these; the web reads them to show actions.
export const ROLES = [
  'gm',
  'vice_gm',
  'office_director',
  'secretary',
  'dept_head',
  'clerk',
  'archivist',
  'security_officer',
  'sysadmin',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  gm: { zh: '总经理', en: 'General manager' },
  vice_gm: { zh: '副总经理', en: 'Vice GM' },
  office_director: { zh: '总经办主任', en: 'Office director' },
  secretary: { zh: '秘书', en: 'Secretary' },
  dept_head: { zh: '部门负责人', en: 'Department head' },
  clerk: { zh: '文员', en: 'Clerk' },
  archivist: { zh: '档案员', en: 'Archivist' },
  security_officer: { zh: '保密员', en: 'Security officer' },
  sysadmin: { zh: '系统管理员', en: 'System administrator' },
  auditor: { zh: '安全审计员', en: 'Auditor' },
};

export const CAPABILITIES = [
  'org.read', // see departments and people (the staff directory)
  'org.manage', // create/edit departments and people, import, roles, disable accounts
  'security.manage', // clearances, classification and reading scopes (security officer)
  'audit.read', // search and export the audit log (auditor)
  'calendar.manage', // enter the official holiday schedule
  'files.upload',
  'files.read',
  'settings.manage',
  'documents.read', // read official documents (收文/发文) within the classification and scope rules
  'documents.register', // sign for and register incoming documents (签收/登记): the office's registrars
  'documents.batch', // the GM's private instruction batches (私密批示): the GM and the secretaries
  'documents.draft', // draft outgoing documents (发文) and take part in their workflow
  'supervision.read', // supervision items (督查督办) the policy lets the caller see: their own unit's, assigned by them …
  'supervision.manage', // register, open, transfer, chase and file supervision items: the office (director, secretaries)
] as const;
export type Capability = (typeof CAPABILITIES)[number];

const STAFF: Capability[] = ['org.read', 'files.upload', 'files.read', 'documents.read', 'documents.draft', 'supervision.read'];
// The office's secretaries register what arrives (seed 二 1.1–1.8) and keep the GM's batch (五 5.10).
const SECRETARIAT: Capability[] = ['documents.register', 'documents.batch', 'supervision.manage'];

export const ROLE_CAPABILITIES: Record<Role, readonly Capability[]> = {
  gm: [...STAFF, 'documents.batch'],
  vice_gm: STAFF,
  office_director: [...STAFF, 'calendar.manage', ...SECRETARIAT],
  secretary: [...STAFF, 'calendar.manage', ...SECRETARIAT],
  dept_head: STAFF,
  clerk: [...STAFF, 'documents.register'],
  archivist: STAFF,
  security_officer: [...STAFF, 'security.manage'],
  // Separation of duties (三权分立): the administrator runs accounts and settings, reads no classified
  // content and no audit log; the auditor reads the audit log and nothing else.
  sysadmin: ['org.read', 'org.manage', 'calendar.manage', 'settings.manage'],
  auditor: ['audit.read'],
};

/** Roles whose accounts must use a second factor (等保 2.0 level 3). */
export const MFA_REQUIRED_ROLES: readonly Role[] = ['sysadmin', 'security_officer', 'auditor'];

export function capabilitiesOf(roles: readonly string[]): Set<Capability> {
  const set = new Set<Capability>();
  for (const r of roles) for (const c of ROLE_CAPABILITIES[r as Role] ?? []) set.add(c);
  return set;
}
