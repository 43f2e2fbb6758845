// 检索: one box over titles, numbers, senders and text (two-character words and names work) of the
// documents and the supervision items the reader may open, newest first or by relevance, with the
// filters of the register and the record type. The query lives in the URL so a
// search can be shared and the back button returns to it. Counts above 1,000 show as "1,000+".
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { AutoComplete, Button, Empty, Input, InputNumber, List, Segmented, Select, Space, Tag, Typography } from 'antd';
import { INCOMING_WORKFLOW } from '../../../common/workflow/incoming.workflow.js';
import { OUTGOING_WORKFLOW } from '../../../common/workflow/outgoing.workflow.js';
import { SUPERVISION_WORKFLOWS } from '../../../common/workflow/supervision.workflow.js';
import { ClassificationSelect, ClassificationTag } from '../../components/classification.js';
import { PageHeader } from '../../components/page-header.js';
import { formatDateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { useIsMobile } from '../../lib/media.js';
import { useCategories } from '../supervision/supervision.labels.js';
import { Highlight } from './highlight.js';
import { searchApi, type SearchFilter, type SearchHit, type SearchPage, type SearchType } from './search.api.js';

const TYPES: SearchType[] = ['document', 'supervision_item'];

const KINDS = ['通知', '通告', '报告', '请示', '批复', '函', '纪要', '简报', '计划', '总结', '讲话稿', '会议通知', '备忘录'];

function filterFromParams(p: URLSearchParams): SearchFilter | null {
  const q = p.get('q')?.trim();
  if (!q) return null;
  const num = (k: string) => (p.get(k) && Number.isFinite(Number(p.get(k))) ? Number(p.get(k)) : undefined);
  const type = p.get('type');
  return {
    q,
    type: TYPES.includes(type as SearchType) ? (type as SearchType) : undefined,
    order: p.get('order') === 'relevance' ? 'relevance' : 'newest',
    year: num('year'),
    kind: p.get('kind') || undefined,
    sender: p.get('sender') || undefined,
    classification: num('classification'),
  };
}

function paramsOf(f: SearchFilter): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== '' && !(k === 'order' && v === 'newest')) out[k] = String(v);
  return out;
}

function StateLabel({ hit }: { hit: SearchHit }) {
  const { l } = useI18n();
  const state = hit.state;
  if (!state) return null;
  // A state key may name a step of several workflows: the hit's record type says whose.
  const label =
    hit.recordType === 'supervision_item'
      ? (SUPERVISION_WORKFLOWS.assigned.states[state] ?? SUPERVISION_WORKFLOWS.central.states[state])
      : (INCOMING_WORKFLOW.states[state as keyof typeof INCOMING_WORKFLOW.states] ?? OUTGOING_WORKFLOW.states[state as keyof typeof OUTGOING_WORKFLOW.states]);
  return <Tag>{l(label, state)}</Tag>;
}

/** 督查类别 for item searches (mounted only then: reading the categories needs supervision.read). */
function CategoryFilter({ value, onChange }: { value?: string; onChange: (key: string | undefined) => void }) {
  const { t, l } = useI18n();
  const categories = useCategories();
  return (
    <Select
      data-testid="search-category"
      placeholder={t('supervision.field.category')}
      style={{ width: 130 }}
      allowClear
      value={value}
      options={categories.items.map((c) => ({ value: c.key, label: l(c.name) }))}
      onChange={(v) => onChange(v || undefined)}
    />
  );
}

export default function SearchPage() {
  const { t } = useI18n();
  const fb = useFeedback();
  const mobile = useIsMobile();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filter = filterFromParams(params);
  const key = params.toString();
  const [draft, setDraft] = useState<SearchFilter>(() => filter ?? { q: '' });
  const [page, setPage] = useState<SearchPage | null>(null);
  const [items, setItems] = useState<SearchHit[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setDraft(filter ?? { q: '' });
    if (!filter) {
      setPage(null);
      setItems([]);
      return;
    }
    let live = true;
    setLoading(true);
    setError(null);
    searchApi.search(filter).then(
      (r) => {
        if (!live) return;
        setPage(r);
        setItems(r.items);
        setLoading(false);
      },
      (e) => {
        if (!live) return;
        setError(e instanceof Error ? e.message : String(e));
        setPage(null);
        setItems([]);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [key]);

  const submit = (next: Partial<SearchFilter>) => {
    const f = { ...draft, ...next, q: (next.q ?? draft.q).trim() };
    if (f.q.length < 2) {
      setError(t('search.tooShort'));
      return;
    }
    setParams(paramsOf(f));
  };

  const more = async () => {
    if (!filter || !page?.next) return;
    setLoading(true);
    try {
      const r = await searchApi.search(filter, page.next);
      setPage(r);
      setItems((old) => [...old, ...r.items]);
    } catch (e) {
      fb.error(e);
    } finally {
      setLoading(false);
    }
  };

  const open = async (hit: SearchHit) => {
    if (hit.recordType === 'supervision_item') {
      navigate(`/supervision/${hit.recordId}`);
      return;
    }
    try {
      navigate((await searchApi.locate(hit.recordId)).path);
    } catch (e) {
      fb.error(e);
    }
  };

  const total = page ? (page.totalCapped ? t('search.totalCapped', { n: page.total.toLocaleString('en-US') }) : t('common.total', { n: page.total })) : null;
  const words = filter?.q.split(/\s+/).filter(Boolean) ?? [];

  return (
    <>
      <PageHeader title={t('nav.search')} sub={t('search.hint')} />
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        <Input.Search
          autoFocus
          allowClear
          size="large"
          enterButton={t('common.search')}
          placeholder={t('search.placeholder')}
          value={draft.q}
          maxLength={200}
          onChange={(e) => setDraft((d) => ({ ...d, q: e.target.value }))}
          onSearch={(q) => submit({ q })}
          aria-label={t('search.placeholder')}
        />
        <Space wrap size={8}>
          <Segmented
            data-testid="search-type"
            value={draft.type ?? 'all'}
            options={[
              { value: 'all', label: t('search.type.all') },
              { value: 'document', label: t('search.type.document') },
              { value: 'supervision_item', label: t('search.type.supervision_item') },
            ]}
            // A 文种 means nothing to items and a 督查类别 nothing to documents: switching type drops it.
            onChange={(v) => submit({ type: v === 'all' ? undefined : (v as SearchType), kind: undefined })}
          />
          <Segmented
            value={draft.order ?? 'newest'}
            options={[
              { value: 'newest', label: t('search.newest') },
              { value: 'relevance', label: t('search.relevance') },
            ]}
            onChange={(v) => submit({ order: v as SearchFilter['order'] })}
          />
          <InputNumber placeholder={t('search.year')} min={1900} max={2200} value={draft.year} style={{ width: 100 }} onChange={(v) => setDraft((d) => ({ ...d, year: v ?? undefined }))} />
          {/* The index keeps a document's 文种 and an item's 督查类别 in one field, and its sender or
              an item's lead unit in another: the filters offer and name the type's own. */}
          {draft.type === 'supervision_item' ? (
            <CategoryFilter value={draft.kind} onChange={(kind) => setDraft((d) => ({ ...d, kind }))} />
          ) : (
            <AutoComplete
              placeholder={t('search.kind')}
              style={{ width: 120 }}
              allowClear
              value={draft.kind}
              options={KINDS.map((k) => ({ value: k }))}
              onChange={(v) => setDraft((d) => ({ ...d, kind: v || undefined }))}
            />
          )}
          <Input placeholder={draft.type === 'supervision_item' ? t('supervision.field.leadUnit') : t('search.sender')} style={{ width: 160 }} allowClear value={draft.sender} onChange={(e) => setDraft((d) => ({ ...d, sender: e.target.value || undefined }))} />
          <ClassificationSelect value={draft.classification} placeholder={t('search.classification')} allowClear style={{ width: 110 }} onChange={(v) => setDraft((d) => ({ ...d, classification: v }))} />
          <Button onClick={() => submit({})}>{t('search.apply')}</Button>
          <Button
            onClick={() => {
              const { q, type } = draft;
              setDraft({ q, type });
              if (q.trim().length >= 2) setParams(paramsOf({ q: q.trim(), type }));
            }}
          >
            {t('common.reset')}
          </Button>
        </Space>
        {error && <Typography.Text type="danger">{error}</Typography.Text>}
        {filter && (
          <List
            loading={loading}
            header={total && <Typography.Text type="secondary">{total}</Typography.Text>}
            locale={{ emptyText: <Empty description={t('search.none')} /> }}
            dataSource={items}
            renderItem={(hit) => (
              <List.Item key={`${hit.recordType}:${hit.recordId}`} data-record-type={hit.recordType} style={{ cursor: 'pointer' }} onClick={() => void open(hit)}>
                <List.Item.Meta
                  title={
                    <Typography.Link>
                      <Highlight text={hit.title} words={words} />
                    </Typography.Link>
                  }
                  description={
                    <Space wrap size={[6, 4]}>
                      {hit.recordType === 'supervision_item' && <Tag color="purple">{t('search.type.supervision_item')}</Tag>}
                      {hit.reference && <Typography.Text code>{hit.reference}</Typography.Text>}
                      {hit.sender && <Typography.Text type="secondary">{hit.recordType === 'supervision_item' ? t('search.leadUnit', { unit: hit.sender }) : hit.sender}</Typography.Text>}
                      {hit.kind && hit.recordType !== 'supervision_item' && <Tag color="blue">{hit.kind}</Tag>}
                      <StateLabel hit={hit} />
                      {hit.classification > 0 && <ClassificationTag level={hit.classification} />}
                      <Typography.Text type="secondary">{mobile ? formatDateTime(hit.occurredAt).slice(0, 10) : formatDateTime(hit.occurredAt)}</Typography.Text>
                    </Space>
                  }
                />
              </List.Item>
            )}
            loadMore={
              page?.next ? (
                <div style={{ textAlign: 'center', marginTop: 12 }}>
                  <Button onClick={() => void more()} loading={loading}>
                    {t('common.loadMore')}
                  </Button>
                </div>
              ) : null
            }
          />
        )}
      </Space>
    </>
  );
}
