// Request and record types come from the server's own schemas and presenters (type-only imports,
// erased from the bundle), so the web cannot drift from the API.
import type { Static } from '@sinclair/typebox';
import { api } from '../../lib/api.js';
import type { Role } from '../../../common/roles.js';
import type * as S from '../../../server/modules/org/org.schema.js';
import type { presentDepartment, presentPerson } from '../../../server/modules/org/org.presenter.js';

export type Department = ReturnType<typeof presentDepartment>;
export type DepartmentKind = Department['kind'];
export type Person = Omit<ReturnType<typeof presentPerson>, 'roles'> & { roles: Role[] };
export type PeopleQuery = Static<typeof S.PeopleQuery>;
export type PersonCreate = Static<typeof S.PersonCreate>;
export type PersonPatch = Static<typeof S.PersonPatch>;
export type DepartmentInput = Static<typeof S.DepartmentCreate>;

export const orgApi = {
  departments: () => api.get<{ items: Department[] }>('/api/v1/org/departments').then((r) => r.items),
  createDepartment: (body: DepartmentInput) => api.post<Department>('/api/v1/org/departments', body),
  updateDepartment: (id: string, body: Partial<DepartmentInput> & { version: number }) => api.patch<Department>(`/api/v1/org/departments/${id}`, body),
  deleteDepartment: (d: Department) => api.delete<{ ok: true }>(`/api/v1/org/departments/${d.id}?version=${d.version}`),
  people: (q: PeopleQuery) => api.get<{ items: Person[]; total: number }>('/api/v1/org/people', { ...q }),
  createPerson: (body: PersonCreate) => api.post<Person>('/api/v1/org/people', body),
  updatePerson: (id: string, body: PersonPatch) => api.patch<Person>(`/api/v1/org/people/${id}`, body),
  resetPassword: (id: string, password: string) => api.post<{ ok: true }>(`/api/v1/org/people/${id}/password`, { password }),
};

export interface DeptNode {
  key: string;
  title: string;
  value: string;
  dept: Department;
  children: DeptNode[];
}

/** Departments as a tree (parentId), in the server's order (sort order, then name). */
export function departmentTree(items: Department[]): DeptNode[] {
  const nodes = new Map(items.map((d) => [d.id, { key: d.id, value: d.id, title: d.name, dept: d, children: [] as DeptNode[] }]));
  const roots: DeptNode[] = [];
  for (const d of items) {
    const node = nodes.get(d.id)!;
    const parent = d.parentId ? nodes.get(d.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}
