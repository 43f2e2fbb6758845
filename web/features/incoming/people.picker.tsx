// People picked by name (a meeting's attendees, the leader in charge): searched on the server as
// one types, like the reading-scope picker, but people only and an id list as the value.
import { useEffect, useState } from 'react';
import { Select, Spin } from 'antd';
import type { Role } from '../../../common/roles.js';
import { orgApi } from '../org/org.api.js';

interface Option {
  id: string;
  name: string;
  dept: string | null;
  position: string;
}

export function PeoplePicker({ id, value, onChange, multiple = true, roles, placeholder }: { id?: string; value?: string[] | string; onChange?(v: string[] | string): void; multiple?: boolean; roles?: Role[]; placeholder?: string }) {
  const [people, setPeople] = useState<Option[]>([]);
  const [known, setKnown] = useState<Record<string, string>>({});
  const [searching, setSearching] = useState(false);
  const search = async (q: string) => {
    setSearching(true);
    try {
      // With roles, each role is one query (the API filters by one role); a handful of leaders.
      const pages = await Promise.all((roles ?? [undefined]).map((role) => orgApi.people({ q: q.trim() || undefined, role, status: 'active', limit: 30, offset: 0 })));
      const items = pages.flatMap((p) => p.items);
      const unique = [...new Map(items.map((p) => [p.id, p])).values()].sort((a, b) => a.rankOrder - b.rankOrder);
      setPeople(unique.map((p) => ({ id: p.id, name: p.name, dept: p.department.name, position: p.position })));
      setKnown((k) => ({ ...k, ...Object.fromEntries(unique.map((p) => [p.id, p.name])) }));
    } finally {
      setSearching(false);
    }
  };
  useEffect(() => {
    void search('');
  }, [roles?.join(',')]);
  return (
    <Select
      id={id}
      mode={multiple ? 'multiple' : undefined}
      showSearch
      allowClear
      value={value}
      onChange={(v) => onChange?.(v)}
      filterOption={false}
      onSearch={(q) => void search(q)}
      notFoundContent={searching ? <Spin size="small" /> : undefined}
      placeholder={placeholder}
      options={people.map((p) => ({ value: p.id, label: `${p.name}${p.position || p.dept ? `（${p.position || p.dept}）` : ''}` }))}
      labelRender={(v) => known[String(v.value)] ?? v.label ?? String(v.value)}
      style={{ width: '100%' }}
    />
  );
}
