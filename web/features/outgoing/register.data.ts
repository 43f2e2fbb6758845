// The register's filter, kept in the address (so the printable view and a shared link show the
// same list), and the register itself: every matching document of the year, filtered by the
// server (year, state, kind and text), page by page.
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { companyDate } from '../../lib/format.js';
import { useApi } from '../../lib/use-api.js';
import { orgApi } from '../org/org.api.js';
import { outgoingApi, type RegisterFilter } from './outgoing.api.js';

export const thisYear = () => Number(companyDate().slice(0, 4));

/** This year and the five before it; 0 stands for "all years" when a label is given for it. */
export const yearOptions = (allLabel?: string) => {
  const y = thisYear();
  const years = Array.from({ length: 6 }, (_, i) => ({ value: y - i, label: String(y - i) }));
  return allLabel ? [{ value: 0, label: allLabel }, ...years] : years;
};

export function useRegisterFilter(): [RegisterFilter, (f: RegisterFilter) => void] {
  const [params, setParams] = useSearchParams();
  const filter = useMemo<RegisterFilter>(() => {
    const year = params.get('year');
    return {
      year: year === 'all' ? undefined : year ? Number(year) : thisYear(),
      state: params.get('state') || undefined,
      docKind: params.get('docKind') || undefined,
      q: params.get('q') || undefined,
    };
  }, [params]);
  const set = (f: RegisterFilter) =>
    setParams(
      (old) => {
        const next = new URLSearchParams(old);
        next.set('year', f.year ? String(f.year) : 'all');
        for (const k of ['state', 'docKind', 'q'] as const) {
          const v = f[k];
          if (v) next.set(k, v);
          else next.delete(k);
        }
        return next;
      },
      { replace: true },
    );
  return [filter, set];
}

export function useRegister(f: RegisterFilter) {
  const q = f.q?.trim() || undefined;
  const all = useApi(() => outgoingApi.listAll({ year: f.year, state: f.state, docKind: f.docKind, q }), [f.year, f.state, f.docKind, q]);
  return { ...all, items: all.data ?? [] };
}

/** Department names by id, for the lists' drafting-department column. */
export function useDepartmentNames(): Record<string, string> {
  const { data } = useApi(() => orgApi.departments(), []);
  return useMemo(() => Object.fromEntries((data ?? []).map((d) => [d.id, d.name])), [data]);
}
