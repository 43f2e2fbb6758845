// What the logged-in person may do, from the capabilities /me lists. Record-level permissions come
// with each record as `abilities`; this hook answers the module-level questions (menus, buttons).
import type { Capability } from '../../common/roles.js';
import { useSession } from './session.js';

export type Need = Capability | 'authenticated' | { any: Capability[] };

export function allows(capabilities: readonly string[], need: Need): boolean {
  if (need === 'authenticated') return true;
  if (typeof need === 'string') return capabilities.includes(need);
  return need.any.some((c) => capabilities.includes(c));
}

export function useCan(): (need: Need) => boolean {
  const { me } = useSession();
  const caps = me?.capabilities ?? [];
  return (need) => !!me && allows(caps, need);
}
