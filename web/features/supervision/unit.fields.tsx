// Picking a unit and its named person: the department first, then one of its people (its head
// first, by rank). Shared by the desk, the co-units list and the decomposition form.
import { Select } from 'antd';
import { useApi } from '../../lib/use-api.js';
import { useI18n } from '../../lib/i18n.js';
import { orgApi } from '../org/org.api.js';
import { useDepartments } from '../incoming/incoming.labels.js';

export function DepartmentSelect({ id, value, onChange, placeholder, exclude = [] }: { id?: string; value?: string; onChange?(v: string | undefined): void; placeholder?: string; exclude?: string[] }) {
  const depts = useDepartments();
  return (
    <Select
      id={id}
      showSearch
      allowClear
      optionFilterProp="label"
      value={value}
      onChange={(v) => onChange?.(v)}
      placeholder={placeholder}
      options={depts.items.filter((d) => !exclude.includes(d.id) || d.id === value).map((d) => ({ value: d.id, label: d.name }))}
      style={{ width: '100%' }}
    />
  );
}

export function UnitPersonSelect({ id, departmentId, value, onChange, placeholder }: { id?: string; departmentId?: string; value?: string; onChange?(v: string | undefined): void; placeholder?: string }) {
  const { t } = useI18n();
  const people = useApi(async () => (departmentId ? (await orgApi.people({ departmentId, status: 'active', limit: 200, offset: 0 })).items.sort((a, b) => a.rankOrder - b.rankOrder) : []), [departmentId]);
  return (
    <Select
      id={id}
      showSearch
      allowClear
      disabled={!departmentId}
      optionFilterProp="label"
      value={value}
      onChange={(v) => onChange?.(v)}
      placeholder={placeholder}
      options={(people.data ?? []).map((p) => ({ value: p.id, label: p.position ? `${p.name}${t('common.paren', { x: p.position })}` : p.name }))}
      style={{ width: '100%' }}
    />
  );
}
