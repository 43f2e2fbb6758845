// 所答复的文件 (seed 二 3.7, 请示 → 批复): the recent 发文 of the kind being answered, and the full-text
// search (two characters or more) for anything older; only documents the person may read appear.
import { useEffect, useMemo, useState } from 'react';
import { Select, Spin } from 'antd';
import { useI18n } from '../../lib/i18n.js';
import { outgoingApi } from './outgoing.api.js';

/** The kind a document of this kind answers: a 批复 answers a 请示, a 函 answers a 函. */
export const ANSWERS: Record<string, string> = { 批复: '请示', 函: '函' };

interface Option {
  value: string;
  label: string;
}

const labelOf = (title: string, number: string | null | undefined) => (number ? `${number} ${title}` : title);

export function RepliesToPicker({ id, kind, value, onChange }: { id?: string; kind: string; value?: string | null; onChange?(v: string | null): void }) {
  const { t } = useI18n();
  const answered = ANSWERS[kind];
  const [recent, setRecent] = useState<Option[]>([]);
  const [found, setFound] = useState<Option[] | null>(null);
  const [searching, setSearching] = useState(false);
  useEffect(() => {
    outgoingApi.list({ limit: 100 }).then(
      (r) => setRecent(r.items.filter((d) => !answered || d.docKind === answered).map((d) => ({ value: d.id, label: labelOf(d.title, d.issueNumber) }))),
      () => setRecent([]),
    );
  }, [answered]);
  const search = async (q: string) => {
    const text = q.trim();
    if (text.length < 2) {
      setFound(null);
      return;
    }
    setSearching(true);
    try {
      const r = await outgoingApi.search(text, answered);
      setFound(r.items.map((h) => ({ value: h.recordId, label: labelOf(h.title, h.reference) })));
    } catch {
      setFound([]);
    } finally {
      setSearching(false);
    }
  };
  // The chosen document stays labelled after the search that found it is cleared.
  const [picked, setPicked] = useState<Option | null>(null);
  const options = useMemo(() => {
    const list = found ?? recent;
    return picked && !list.some((o) => o.value === picked.value) ? [picked, ...list] : list;
  }, [found, recent, picked]);
  return (
    <Select
      id={id}
      allowClear
      showSearch
      value={value ?? undefined}
      onChange={(v?: string) => {
        setPicked(options.find((o) => o.value === v) ?? null);
        onChange?.(v ?? null);
      }}
      filterOption={false}
      onSearch={(q) => void search(q)}
      options={options}
      notFoundContent={searching ? <Spin size="small" /> : undefined}
      placeholder={t('out.repliesToPlaceholder')}
      data-testid="replies-to"
    />
  );
}
