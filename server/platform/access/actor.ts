import type { Capability } from '../../../common/roles.js';

/** Who is making a request, as resolved from the session or API token on every request. */
export interface Actor {
  id: string;
  name: string;
  username: string;
  roles: string[];
  capabilities: Set<Capability>;
  clearance: number;
  departmentId: string;
  ip: string;
  via: 'session' | 'token' | 'system';
  sessionId?: string;
  /** Filled lazily by the policy: the actor's department and its ancestors. */
  departmentChain?: string[];
}

/** The actor used by jobs and the CLI: it acts for the system, not for a person. */
export function systemActor(): Actor {
  return {
    id: 'system',
    name: '系统',
    username: 'system',
    roles: [],
    capabilities: new Set(),
    clearance: 0,
    departmentId: '',
    ip: '127.0.0.1',
    via: 'system',
  };
}
