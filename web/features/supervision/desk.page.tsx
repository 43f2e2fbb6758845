// 督办台 (/supervision/new): the office registers an item from any source in one keyboard-first
// form (seed 三 3.1, 5.32): the usual procedure, category and source are preset, the title has the
// focus, Enter moves on, Ctrl+Enter registers; the deadline is a date or N working days (the
// category's default). The answer shows the 督办编号, then the next one. Query parameters
// (source, sourceId, title) prefill it when another screen sends an item here.
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Button, Card, DatePicker, Form, Input, InputNumber, Radio, Result, Select, Space, Typography } from 'antd';
import { FileSearchOutlined, MinusCircleOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { ClassificationSelect } from '../../components/classification.js';
import { PageHeader } from '../../components/page-header.js';
import { companyDate } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useMe } from '../../lib/session.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { useIsMobile } from '../../lib/media.js';
import { useKeyboardForm } from '../incoming/keyboard-form.js';
import { PeoplePicker } from '../incoming/people.picker.js';
import { FieldGrid } from '../incoming/registration.fields.js';
import { searchApi } from '../search/search.api.js';
import { supervisionApi, type ItemDetail, type Mode, type NewItem, type Priority, type SourceType } from './supervision.api.js';
import { MODES, PRIORITIES, SOURCES, useCategories, useSupervisionLabels } from './supervision.labels.js';
import { DepartmentSelect, UnitPersonSelect } from './unit.fields.js';

interface DeskValues {
  procedure: 'assigned' | 'central';
  category: string;
  source: SourceType;
  sourceId?: string;
  title: string;
  requirement?: string;
  assignedById?: string;
  leadDepartmentId?: string;
  leadPersonId?: string;
  coUnits?: { departmentId?: string; personId?: string }[];
  deadlineBy: 'days' | 'date';
  deadline?: Dayjs | null;
  deadlineWorkingDays?: number | null;
  priority: Priority;
  mode: Mode;
  groupMemberIds?: string[];
  classification: number;
}

const item = { style: { marginBottom: 12 } };
const SOURCE_CATEGORY: Partial<Record<SourceType, string>> = { incoming_document: 'document', meeting_decision: 'meeting', leader_instruction: 'instruction' };

export function toNewItem(v: DeskValues, defaultDays: number): NewItem {
  const co = (v.coUnits ?? []).filter((u): u is { departmentId: string; personId?: string } => !!u?.departmentId);
  return {
    procedure: v.procedure,
    category: v.category,
    source: { type: v.source, ...(v.sourceId?.trim() && { id: v.sourceId.trim() }) },
    title: v.title.trim(),
    ...(v.requirement?.trim() && { requirement: v.requirement.trim() }),
    ...(v.assignedById && { assignedById: v.assignedById }),
    ...(v.leadDepartmentId && { leadDepartmentId: v.leadDepartmentId }),
    ...(v.leadPersonId && { leadPersonId: v.leadPersonId }),
    ...(co.length && { coUnits: co.map((u) => ({ departmentId: u.departmentId, ...(u.personId && { personId: u.personId }) })) }),
    ...(v.deadlineBy === 'date' ? { deadline: v.deadline!.format('YYYY-MM-DD') } : { deadlineWorkingDays: v.deadlineWorkingDays ?? defaultDays }),
    priority: v.priority,
    mode: v.mode,
    ...(v.mode === 'group' && { groupMemberIds: v.groupMemberIds ?? [] }),
    classification: v.classification,
  };
}

function Registered({ item: it, onNext }: { item: ItemDetail; onNext(): void }) {
  const { t } = useI18n();
  return (
    <Result
      status="success"
      title={<span data-testid="item-number">{t('supervision.desk.registered', { number: it.number })}</span>}
      subTitle={it.title}
      extra={
        <Space wrap style={{ justifyContent: 'center' }}>
          <Link to={`/supervision/${it.id}`}>
            <Button icon={<FileSearchOutlined />} data-testid="open-item">
              {t('supervision.desk.openItem')}
            </Button>
          </Link>
          <Button type="primary" icon={<RightOutlined />} autoFocus onClick={onNext} data-testid="next-item">
            {t('supervision.desk.next')}
          </Button>
        </Space>
      }
    />
  );
}

/** Unit + contact pairs for the co-units (协办单位), each with its own person. */
function CoUnits({ lead }: { lead?: string }) {
  const { t } = useI18n();
  const form = Form.useFormInstance<DeskValues>();
  const rows = (Form.useWatch('coUnits', form) ?? []) as { departmentId?: string }[];
  const taken = [lead, ...rows.map((r) => r?.departmentId)].filter((x): x is string => !!x);
  return (
    <Form.List name="coUnits">
      {(fields, { add, remove }) => (
        <Form.Item {...item} label={t('supervision.field.coUnits')}>
          {fields.map((f) => (
            <div key={f.key} style={{ display: 'flex', gap: 8, marginBottom: 8 }}>
              <Form.Item name={[f.name, 'departmentId']} noStyle>
                <DepartmentSelect exclude={taken} placeholder={t('supervision.field.coUnits')} />
              </Form.Item>
              <Form.Item noStyle shouldUpdate>
                {() => (
                  <Form.Item name={[f.name, 'personId']} noStyle>
                    <UnitPersonSelect departmentId={form.getFieldValue(['coUnits', f.name, 'departmentId'])} placeholder={t('supervision.desk.contact')} />
                  </Form.Item>
                )}
              </Form.Item>
              <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} data-enter-skip aria-label="remove" />
            </div>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} data-enter-skip>
            {t('supervision.desk.addCoUnit')}
          </Button>
        </Form.Item>
      )}
    </Form.List>
  );
}

export default function SupervisionDesk() {
  const { t, l } = useI18n();
  const me = useMe();
  const fb = useFeedback();
  const mobile = useIsMobile();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const labels = useSupervisionLabels();
  const categories = useCategories();
  const [form] = Form.useForm<DeskValues>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<ItemDetail | null>(null);
  const maxLevel = Math.min(me.clearance, me.contentCeiling);
  const today = companyDate();
  const lead = Form.useWatch('leadDepartmentId', form) as string | undefined;
  const deadlineBy = (Form.useWatch('deadlineBy', form) as DeskValues['deadlineBy'] | undefined) ?? 'days';
  const mode = Form.useWatch('mode', form) as Mode | undefined;
  const category = categories.get((Form.useWatch('category', form) as string | undefined) ?? '');

  const initialValues = useMemo<Partial<DeskValues>>(() => {
    const source = SOURCES.includes(params.get('source') as SourceType) ? (params.get('source') as SourceType) : 'leader_instruction';
    return {
      procedure: 'assigned',
      source,
      sourceId: params.get('sourceId') ?? undefined,
      title: params.get('title') ?? undefined,
      category: SOURCE_CATEGORY[source] ?? 'instruction',
      // A leader registering for themselves is the assigning leader.
      assignedById: me.roles.includes('gm') || me.roles.includes('vice_gm') ? me.id : undefined,
      deadlineBy: 'days',
      priority: 'normal',
      mode: 'general',
      classification: Math.min(1, maxLevel),
    };
  }, [maxLevel]);

  // An incoming document as the source (sent here by 转督办, or its id typed in): the desk shows
  // which document it is, and the item starts at the document's level, so its title (the
  // document's) is read by no one the document keeps it from. The server holds to that too.
  const source = Form.useWatch('source', form) as SourceType | undefined;
  const sourceId = (Form.useWatch('sourceId', form) as string | undefined)?.trim();
  const [sourceDoc, setSourceDoc] = useState<{ id: string; label: string | null }>({ id: '', label: null });
  useEffect(() => {
    if (source !== 'incoming_document' || !sourceId) return setSourceDoc({ id: '', label: null });
    let live = true;
    const timer = setTimeout(() => {
      searchApi.locate(sourceId).then(
        (doc) => {
          if (!live) return;
          if (doc.direction !== 'incoming') return setSourceDoc({ id: sourceId, label: '' });
          setSourceDoc({ id: sourceId, label: [doc.number, doc.title].filter(Boolean).join(' · ') });
          if (!form.isFieldTouched('classification') && doc.classification > (form.getFieldValue('classification') ?? 0)) form.setFieldValue('classification', Math.min(doc.classification, maxLevel));
        },
        () => live && setSourceDoc({ id: sourceId, label: '' }),
      );
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [source, sourceId, maxLevel]);
  const sourceHint = source === 'incoming_document' && sourceId && sourceDoc.id === sourceId ? (sourceDoc.label || t('supervision.desk.sourceUnknown')) : undefined;

  const next = () => {
    setDone(null);
    form.resetFields();
    setTimeout(() => document.getElementById('desk_title')?.focus(), 0);
  };

  const submit = async (v: DeskValues) => {
    setBusy(true);
    try {
      setDone(await supervisionApi.register(toNewItem(v, categories.get(v.category)?.defaultDeadlineDays ?? 10)));
    } catch (e) {
      fb.error(e);
    } finally {
      setBusy(false);
    }
  };

  const keys = useKeyboardForm(() => form.submit());

  return (
    <>
      <PageHeader title={t('supervision.desk.title')} sub={!done && !mobile ? t('supervision.desk.keys') : undefined} extra={<Button onClick={() => navigate('/supervision')}>{t('supervision.back')}</Button>} />
      {done ? (
        <Registered item={done} onNext={next} />
      ) : (
        <Card size="small" styles={{ body: { padding: mobile ? 12 : 20 } }}>
          <div ref={keys.ref} onKeyDown={keys.onKeyDown}>
            <Form<DeskValues>
              form={form}
              name="desk"
              layout="vertical"
              initialValues={initialValues}
              onFinish={(v) => void submit(v)}
              onValuesChange={(changed: Partial<DeskValues>) => {
                // The source suggests the category; the category's standard gives the default days.
                if (changed.source && SOURCE_CATEGORY[changed.source] && !form.isFieldTouched('category')) form.setFieldValue('category', SOURCE_CATEGORY[changed.source]);
                if (changed.leadDepartmentId !== undefined || 'leadDepartmentId' in changed) form.setFieldValue('leadPersonId', undefined);
              }}
              scrollToFirstError={{ focus: true }}
              requiredMark="optional"
            >
              <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
                {t('supervision.desk.what')}
              </Typography.Text>
              <Form.Item {...item} name="title" label={t('supervision.field.title')} rules={[{ required: true, whitespace: true, message: t('supervision.desk.titleRequired') }, { max: 200 }]}>
                <Input autoFocus />
              </Form.Item>
              <Form.Item {...item} name="requirement" label={t('supervision.field.requirement')} rules={[{ max: 5000 }]}>
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
              </Form.Item>
              <FieldGrid columns={4}>
                <Form.Item {...item} name="procedure" label={t('supervision.field.procedure')}>
                  <Select options={(['assigned', 'central'] as const).map((p) => ({ value: p, label: labels.procedure(p) }))} />
                </Form.Item>
                <Form.Item {...item} name="category" label={t('supervision.field.category')} rules={[{ required: true }]} extra={category ? t('supervision.desk.categoryDefault', { n: category.defaultDeadlineDays }) : undefined}>
                  <Select showSearch optionFilterProp="label" options={categories.items.filter((c) => c.active).map((c) => ({ value: c.key, label: l(c.name) }))} />
                </Form.Item>
                <Form.Item {...item} name="source" label={t('supervision.field.source')}>
                  <Select showSearch optionFilterProp="label" options={SOURCES.map((s) => ({ value: s, label: labels.source(s) }))} />
                </Form.Item>
                <Form.Item {...item} name="sourceId" label={t('supervision.field.sourceRecord')} tooltip={t('supervision.desk.sourceIdHint')} rules={[{ max: 60 }]} extra={sourceHint && <span data-testid="source-document">{sourceHint}</span>}>
                  <Input />
                </Form.Item>
              </FieldGrid>
              <Typography.Text strong style={{ display: 'block', margin: '4px 0 8px' }}>
                {t('supervision.desk.who')}
              </Typography.Text>
              <FieldGrid>
                <Form.Item {...item} name="assignedById" label={t('supervision.field.assignedBy')} rules={[{ required: true, message: t('supervision.desk.leaderRequired') }]}>
                  <PeoplePicker multiple={false} roles={['gm', 'vice_gm']} />
                </Form.Item>
                <Form.Item {...item} name="leadDepartmentId" label={t('supervision.field.leadUnit')} rules={[{ required: true, message: t('supervision.desk.unitRequired') }]}>
                  <DepartmentSelect />
                </Form.Item>
                <Form.Item {...item} name="leadPersonId" label={t('supervision.field.leadPerson')}>
                  <UnitPersonSelect departmentId={lead} placeholder={t('supervision.desk.contact')} />
                </Form.Item>
              </FieldGrid>
              <CoUnits lead={lead} />
              <Typography.Text strong style={{ display: 'block', margin: '4px 0 8px' }}>
                {t('supervision.desk.when')}
              </Typography.Text>
              <FieldGrid columns={4}>
                <Form.Item {...item} label={t('supervision.field.deadline')} required>
                  <Space.Compact style={{ width: '100%' }}>
                    <Form.Item name="deadlineBy" noStyle>
                      <Select
                        style={{ width: 112 }}
                        options={[
                          { value: 'days', label: t('supervision.desk.deadlineDays') },
                          { value: 'date', label: t('supervision.desk.deadlineDate') },
                        ]}
                      />
                    </Form.Item>
                    {deadlineBy === 'date' ? (
                      <Form.Item name="deadline" noStyle rules={[{ required: true, message: t('supervision.desk.deadlineRequired') }]}>
                        <DatePicker style={{ flex: 1 }} disabledDate={(d) => d.format('YYYY-MM-DD') < today} />
                      </Form.Item>
                    ) : (
                      <Form.Item name="deadlineWorkingDays" noStyle>
                        <InputNumber min={1} max={750} precision={0} style={{ flex: 1 }} placeholder={category ? String(category.defaultDeadlineDays) : undefined} />
                      </Form.Item>
                    )}
                  </Space.Compact>
                </Form.Item>
                <Form.Item {...item} name="priority" label={t('supervision.field.priority')}>
                  <Radio.Group name="desk_priority" optionType="button" buttonStyle="solid" options={PRIORITIES.map((p) => ({ value: p, label: labels.priority(p) }))} />
                </Form.Item>
                <Form.Item {...item} name="mode" label={t('supervision.field.mode')}>
                  <Select options={MODES.map((m) => ({ value: m, label: labels.mode(m) }))} />
                </Form.Item>
                <Form.Item {...item} name="classification" label={t('supervision.field.classification')}>
                  <ClassificationSelect max={maxLevel} />
                </Form.Item>
              </FieldGrid>
              {mode === 'group' && (
                <Form.Item {...item} name="groupMemberIds" label={t('supervision.field.groupMembers')} rules={[{ required: true, message: t('supervision.desk.groupRequired') }]}>
                  <PeoplePicker />
                </Form.Item>
              )}
              <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 12 }}>
                <Button type="primary" htmlType="submit" loading={busy} size="large" data-testid="desk-submit">
                  {t('supervision.desk.submit')}
                </Button>
                {!mobile && <Typography.Text type="secondary">Ctrl + Enter</Typography.Text>}
              </div>
            </Form>
          </div>
        </Card>
      )}
    </>
  );
}
