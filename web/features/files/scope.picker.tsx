// 知悉范围: named people and departments. People are searched on the server as one types.
import { useEffect, useMemo, useState } from 'react';
import { Select, Spin } from 'antd';
import { useI18n } from '../../lib/i18n.js';
import { orgApi, type Department } from '../org/org.api.js';
import type { ScopeSubject } from './files.api.js';

const encode = (s: ScopeSubject) => `${s.kind}:${s.id}`;
const decode = (v: string): ScopeSubject => {
  const [kind, ...rest] = v.split(':');
  return { kind: kind as ScopeSubject['kind'], id: rest.join(':') };
};

export function ScopePicker({ id, value = [], onChange, knownNames = {} }: { id?: string; value?: ScopeSubject[]; onChange?(v: ScopeSubject[]): void; knownNames?: Record<string, string> }) {
  const { t } = useI18n();
  const [departments, setDepartments] = useState<Department[]>([]);
  const [people, setPeople] = useState<{ id: string; name: string; dept: string | null }[]>([]);
  const [names, setNames] = useState<Record<string, string>>(knownNames);
  const [searching, setSearching] = useState(false);
  const [query, setQuery] = useState('');
  useEffect(() => {
    orgApi.departments().then(setDepartments, () => setDepartments([]));
  }, []);
  useEffect(() => setNames((n) => ({ ...knownNames, ...n })), [knownNames]);
  // Departments are few and filtered here; people are searched on the server.
  const search = async (q: string) => {
    setQuery(q.trim());
    setSearching(true);
    try {
      const r = await orgApi.people({ q: q || undefined, status: 'active', limit: 20, offset: 0 });
      setPeople(r.items.map((p) => ({ id: p.id, name: p.name, dept: p.department.name })));
      setNames((n) => ({ ...n, ...Object.fromEntries(r.items.map((p) => [`person:${p.id}`, p.name])) }));
    } finally {
      setSearching(false);
    }
  };
  useEffect(() => {
    void search('');
  }, []);
  const options = useMemo(
    () => [
      { label: t('files.scopeDepartments'), options: departments.filter((d) => d.name.includes(query)).map((d) => ({ value: `department:${d.id}`, label: d.name })) },
      { label: t('files.scopePeople'), options: people.map((p) => ({ value: `person:${p.id}`, label: `${p.name}${p.dept ? `（${p.dept}）` : ''}` })) },
    ],
    [departments, people, query, t],
  );
  const deptNames = Object.fromEntries(departments.map((d) => [`department:${d.id}`, d.name]));
  return (
    <Select
      id={id}
      mode="multiple"
      showSearch
      value={value.map(encode)}
      onChange={(vals: string[]) => onChange?.(vals.map(decode))}
      options={options}
      filterOption={false}
      onSearch={(q) => void search(q)}
      notFoundContent={searching ? <Spin size="small" /> : undefined}
      placeholder={t('files.scopePlaceholder')}
      labelRender={(v) => names[String(v.value)] ?? deptNames[String(v.value)] ?? v.label ?? String(v.value)}
      style={{ width: '100%' }}
    />
  );
}
