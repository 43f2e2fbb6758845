// /supervision/coordinations/:id — a coordination matter (seed 三 2.1–2.14): the question, the
// information gathered, the plan, each department's opinion (its head gives it, or the office
// records it), the agreed opinion with the tasks to put under supervision, the leader's decision,
// and the items it made; the actions the server offers, each with the fields it needs.
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Button, Card, DatePicker, Empty, Form, Input, List, Modal, Result, Select, Space, Spin, Typography } from 'antd';
import { ArrowLeftOutlined, LockOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { ClassificationSelect, ClassificationTag } from '../../components/classification.js';
import type { Dayjs } from 'dayjs';
import { PageHeader } from '../../components/page-header.js';
import { ApiError } from '../../lib/api.js';
import { companyDate, formatDateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useApi } from '../../lib/use-api.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { useIsMobile } from '../../lib/media.js';
import { useMe } from '../../lib/session.js';
import { ScopePicker } from '../files/scope.picker.js';
import { useDepartments } from '../incoming/incoming.labels.js';
import { coordinationApi, type CoordinationDetail } from './coordination.api.js';
import { CoordinationStateTag } from './coordination.tab.js';
import { useSupervisionLabels } from './supervision.labels.js';
import { DepartmentSelect } from './unit.fields.js';

const small = { fontSize: 12, color: '#8c8c8c' } as const;
const area = (rows = 3) => <Input.TextArea autoSize={{ minRows: rows, maxRows: 12 }} />;

function useRun(c: CoordinationDetail, onChange: (d: CoordinationDetail) => void, reload: () => void) {
  const fb = useFeedback();
  const [busy, setBusy] = useState(false);
  const run = async (call: () => Promise<CoordinationDetail>, ok: string) => {
    setBusy(true);
    try {
      onChange(await call());
      fb.ok(ok);
    } catch (e) {
      fb.error(e, reload);
    } finally {
      setBusy(false);
    }
  };
  return { run, busy };
}

interface TaskRow {
  title: string;
  leadDepartmentId: string;
  deadline: Dayjs;
}

function Actions({ c, onChange, reload }: { c: CoordinationDetail; onChange(d: CoordinationDetail): void; reload(): void }) {
  const { t, l } = useI18n();
  const mobile = useIsMobile();
  const today = companyDate();
  const [open, setOpen] = useState<string | null>(null);
  const { run, busy } = useRun(c, (d) => {
    setOpen(null);
    onChange(d);
  }, reload);
  if (!c.abilities.length) return null;
  const ability = c.abilities.find((a) => a.action === open);
  const needsForm = (a: CoordinationDetail['abilities'][number]) => a.opinion || a.requires.length > 0;
  const act = (action: string, v: { opinion?: string; plan?: string; agreedOpinion?: string; tasks?: TaskRow[] } = {}) =>
    run(
      () =>
        coordinationApi.act(c.id, {
          action: action as 'consult',
          version: c.version,
          ...(v.opinion?.trim() && { opinion: v.opinion.trim() }),
          input: {
            ...(v.plan !== undefined && { plan: v.plan.trim() }),
            ...(v.agreedOpinion !== undefined && { agreedOpinion: v.agreedOpinion.trim() }),
            ...(v.tasks && { tasks: v.tasks.map((x) => ({ title: x.title.trim(), leadDepartmentId: x.leadDepartmentId, deadline: x.deadline.format('YYYY-MM-DD') })) }),
          },
        }),
      t('supervision.action.done', { action: l(c.abilities.find((a) => a.action === action)?.label) }),
    );
  const req = (field: string) => [{ required: true, whitespace: true, message: t('supervision.action.required', { field }) }];
  return (
    <Card size="small" title={t('supervision.action.title')} style={{ marginBottom: 16 }} data-testid="action-panel">
      <Space wrap>
        {c.abilities.map((a) => (
          <Button key={a.action} type="primary" ghost={open !== a.action && !a.backward} danger={a.backward} loading={busy && !needsForm(a)} onClick={() => (needsForm(a) ? setOpen(open === a.action ? null : a.action) : void act(a.action))} data-testid={`action-${a.action}`}>
            {l(a.label)}
          </Button>
        ))}
      </Space>
      {ability && (
        <Form key={ability.action} layout="vertical" style={{ marginTop: 12 }} data-testid={`action-form-${ability.action}`} initialValues={{ plan: c.plan, agreedOpinion: c.agreedOpinion, tasks: [] }} onFinish={(v) => void act(ability.action, v)}>
          {ability.requires.includes('plan') && (
            <Form.Item name="plan" label={t('supervision.co.plan')} rules={req(t('supervision.co.plan'))}>
              {area(4)}
            </Form.Item>
          )}
          {ability.requires.includes('agreedOpinion') && (
            <>
              <Form.Item name="agreedOpinion" label={t('supervision.co.agreedOpinion')} rules={req(t('supervision.co.agreedOpinion'))}>
                {area(4)}
              </Form.Item>
              <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
                {t('supervision.co.tasks')}
              </Typography.Text>
              <Form.List name="tasks">
                {(fields, { add, remove }) => (
                  <>
                    {fields.map((f) => (
                      <div key={f.key} style={{ display: 'grid', gridTemplateColumns: mobile ? '1fr' : 'minmax(0,2fr) minmax(0,1fr) 140px 32px', gap: 8 }}>
                        <Form.Item name={[f.name, 'title']} rules={req(t('supervision.co.task'))} style={{ marginBottom: 8 }}>
                          <Input placeholder={t('supervision.co.task')} />
                        </Form.Item>
                        <Form.Item name={[f.name, 'leadDepartmentId']} rules={[{ required: true, message: t('supervision.desk.unitRequired') }]} style={{ marginBottom: 8 }}>
                          <DepartmentSelect placeholder={t('supervision.field.leadUnit')} />
                        </Form.Item>
                        <Form.Item name={[f.name, 'deadline']} rules={[{ required: true, message: t('supervision.desk.deadlineRequired') }]} style={{ marginBottom: 8 }}>
                          <DatePicker placeholder={t('supervision.field.deadline')} disabledDate={(d) => d.format('YYYY-MM-DD') < today} style={{ width: '100%' }} />
                        </Form.Item>
                        <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label="remove" />
                      </div>
                    ))}
                    <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} style={{ marginBottom: 12 }}>
                      {t('supervision.co.addTask')}
                    </Button>
                  </>
                )}
              </Form.List>
            </>
          )}
          {(ability.opinion || ability.requires.includes('opinion')) && (
            <Form.Item name="opinion" label={t('supervision.co.leaderOpinion')} rules={ability.requires.includes('opinion') ? req(t('supervision.co.leaderOpinion')) : [{ max: 5000 }]}>
              {area(2)}
            </Form.Item>
          )}
          <Button type="primary" danger={ability.backward} htmlType="submit" loading={busy}>
            {l(ability.label)}
          </Button>
        </Form>
      )}
    </Card>
  );
}

function Opinions({ c, onChange, reload }: { c: CoordinationDetail; onChange(d: CoordinationDetail): void; reload(): void }) {
  const { t } = useI18n();
  const { run, busy } = useRun(c, onChange, reload);
  const [form] = Form.useForm<{ opinion: string; departmentId?: string }>();
  return (
    <>
      <List
        size="small"
        dataSource={c.departments}
        rowKey="departmentId"
        renderItem={(d) => (
          <List.Item style={{ display: 'block' }} data-testid="department-opinion">
            <Typography.Text strong>{d.departmentName}</Typography.Text>
            {d.opinion ? (
              <>
                <div style={{ whiteSpace: 'pre-wrap' }}>{d.opinion}</div>
                <div style={small}>
                  {d.opinionBy?.name} · {formatDateTime(d.opinionAt)}
                </div>
              </>
            ) : (
              <div>
                <Typography.Text type="warning">{t('supervision.co.noOpinion')}</Typography.Text>
              </div>
            )}
          </List.Item>
        )}
      />
      {c.may.giveOpinion && (
        <Form
          form={form}
          layout="vertical"
          style={{ marginTop: 8 }}
          data-testid="opinion-form"
          onFinish={(v) =>
            void run(async () => {
              const d = await coordinationApi.opinion(c.id, { opinion: v.opinion.trim(), ...(v.departmentId && { departmentId: v.departmentId }) });
              form.resetFields();
              return d;
            }, t('supervision.co.opinionSaved'))
          }
        >
          {c.may.recordForDepartment && (
            <Form.Item name="departmentId" label={t('supervision.co.forDepartment')} rules={[{ required: true, message: t('supervision.action.required', { field: t('supervision.co.forDepartment') }) }]}>
              <Select allowClear options={c.departments.map((d) => ({ value: d.departmentId, label: d.departmentName ?? d.departmentId }))} />
            </Form.Item>
          )}
          <Form.Item name="opinion" label={t('supervision.co.giveOpinion')} rules={[{ required: true, whitespace: true, message: t('supervision.action.required', { field: t('supervision.co.giveOpinion') }) }]}>
            {area(2)}
          </Form.Item>
          <Button htmlType="submit" loading={busy}>
            {t('supervision.co.giveOpinion')}
          </Button>
        </Form>
      )}
    </>
  );
}

function Notes({ c, onChange, reload }: { c: CoordinationDetail; onChange(d: CoordinationDetail): void; reload(): void }) {
  const { t } = useI18n();
  const { run, busy } = useRun(c, onChange, reload);
  const [form] = Form.useForm<{ text: string }>();
  return (
    <>
      {c.notes.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} style={{ margin: 0 }} />}
      {c.notes.map((n) => (
        <div key={n.id} style={{ marginBottom: 8 }}>
          <div style={{ whiteSpace: 'pre-wrap' }}>{n.text}</div>
          <div style={small}>
            {n.by.name} · {formatDateTime(n.at)}
          </div>
        </div>
      ))}
      {c.may.addNote && (
        <Form
          form={form}
          layout="inline"
          style={{ marginTop: 8, rowGap: 8 }}
          onFinish={(v) =>
            void run(async () => {
              const d = await coordinationApi.note(c.id, v.text.trim());
              form.resetFields();
              return d;
            }, t('supervision.co.addNote'))
          }
        >
          <Form.Item name="text" style={{ flex: 1, minWidth: 200 }} rules={[{ required: true, whitespace: true, message: t('supervision.action.required', { field: t('supervision.co.notes') }) }]}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 6 }} />
          </Form.Item>
          <Button htmlType="submit" loading={busy}>
            {t('supervision.co.addNote')}
          </Button>
        </Form>
      )}
    </>
  );
}

function Block({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card size="small" title={title} style={{ marginBottom: 16 }}>
      {children}
    </Card>
  );
}

/** The office sets the record's classification and named readers (知悉范围) until it is closed. */
function ClassifyButton({ c, onChange, reload }: { c: CoordinationDetail; onChange: (d: CoordinationDetail) => void; reload: () => void }) {
  const { t } = useI18n();
  const me = useMe();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ classification: number; scope: CoordinationDetail['scope'] }>();
  const { run, busy } = useRun(c, onChange, reload);
  const names = useMemo(() => Object.fromEntries(c.scope.map((x) => [`${x.kind}:${x.id}`, x.name ?? x.id])), [c.scope]);
  return (
    <>
      <Button icon={<LockOutlined />} onClick={() => setOpen(true)} data-testid="coordination-classify">
        {t('supervision.co.classify')}
      </Button>
      <Modal
        open={open}
        title={t('supervision.co.classify')}
        okText={t('common.save')}
        confirmLoading={busy}
        destroyOnHidden
        onCancel={() => setOpen(false)}
        onOk={async () => {
          const v = await form.validateFields();
          await run(() => coordinationApi.classify(c.id, { version: c.version, classification: v.classification, scope: v.scope ?? [] }), t('supervision.co.classified'));
          setOpen(false);
        }}
      >
        <Form form={form} layout="vertical" preserve={false} initialValues={{ classification: c.classification, scope: c.scope.map(({ kind, id }) => ({ kind, id })) }}>
          <Form.Item name="classification" label={t('supervision.field.classification')}>
            <ClassificationSelect max={Math.min(me.clearance, me.contentCeiling)} />
          </Form.Item>
          <Form.Item name="scope" label={t('supervision.co.scope')} extra={t('supervision.co.scopeHint')}>
            <ScopePicker knownNames={names} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

export default function CoordinationPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const mobile = useIsMobile();
  const navigate = useNavigate();
  const depts = useDepartments();
  const labels = useSupervisionLabels();
  const loaded = useApi(() => coordinationApi.get(id), [id]);
  const [c, setC] = useState<CoordinationDetail>();
  useEffect(() => setC(loaded.data), [loaded.data]);
  if (loaded.error) {
    const missing = loaded.error instanceof ApiError && (loaded.error.status === 404 || loaded.error.status === 403);
    return <Result status={missing ? '404' : 'error'} title={missing ? t('supervision.co.notFound') : t('common.unexpectedError')} extra={<Button onClick={() => navigate('/supervision?tab=coordination')}>{t('supervision.back')}</Button>} />;
  }
  if (!c || c.id !== id) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  const side = <Actions c={c} onChange={setC} reload={loaded.reload} />;
  return (
    <>
      <PageHeader
        title={<span data-testid="coordination-title">{c.title}</span>}
        sub={t('supervision.co.created', { name: c.createdBy.name, at: formatDateTime(c.createdAt) })}
        extra={
          <Space wrap>
            {c.may.classify && <ClassifyButton c={c} onChange={setC} reload={loaded.reload} />}
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/supervision?tab=coordination')}>
              {t('supervision.back')}
            </Button>
          </Space>
        }
      />
      <div style={{ marginBottom: 12, display: 'flex', gap: 8 }}>
        <CoordinationStateTag c={c} />
        {c.classification > 0 && <ClassificationTag level={c.classification} />}
      </div>
      <div style={{ display: 'grid', gridTemplateColumns: mobile ? '1fr' : 'minmax(0, 3fr) minmax(300px, 2fr)', gap: 16, alignItems: 'start' }}>
        <div style={{ minWidth: 0 }}>
          {mobile && side}
          <Block title={t('supervision.co.matter')}>
            <div style={{ whiteSpace: 'pre-wrap' }}>{c.matter}</div>
          </Block>
          {(c.notes.length > 0 || c.may.addNote) && (
            <Block title={t('supervision.co.notes')}>
              <Notes c={c} onChange={setC} reload={loaded.reload} />
            </Block>
          )}
          {c.plan && (
            <Block title={t('supervision.co.plan')}>
              <div style={{ whiteSpace: 'pre-wrap' }}>{c.plan}</div>
            </Block>
          )}
          <Block title={t('supervision.co.opinions')}>
            <Opinions c={c} onChange={setC} reload={loaded.reload} />
          </Block>
          {c.agreedOpinion && (
            <Block title={t('supervision.co.agreedOpinion')}>
              <div style={{ whiteSpace: 'pre-wrap' }}>{c.agreedOpinion}</div>
              {c.tasks.length > 0 && (
                <ol style={{ margin: '8px 0 0', paddingInlineStart: 20 }}>
                  {c.tasks.map((x, i) => (
                    <li key={i}>
                      {x.title} · {depts.name(x.leadDepartmentId)} · {x.deadline ?? `${x.deadlineWorkingDays ?? ''} ${t('supervision.desk.daysSuffix')}`}
                    </li>
                  ))}
                </ol>
              )}
            </Block>
          )}
          {c.leaderOpinion && (
            <Block title={t('supervision.co.leaderOpinion')}>
              <Typography.Text strong style={{ color: '#a8071a', whiteSpace: 'pre-wrap' }}>
                {c.leaderOpinion}
              </Typography.Text>
              {c.approvedAt && <div style={small}>{formatDateTime(c.approvedAt)}</div>}
            </Block>
          )}
          {c.items.length > 0 && (
            <Block title={t('supervision.co.items')}>
              {c.items.map((i) => (
                <div key={i.id}>
                  <Link to={`/supervision/${i.id}`}>
                    {i.number} {i.title}
                  </Link>{' '}
                  <span style={small}>
                    {labels.state('assigned', i.state)} · {depts.name(i.leadDepartmentId)} · {i.deadline}
                  </span>
                </div>
              ))}
            </Block>
          )}
        </div>
        {!mobile && <div style={{ minWidth: 0 }}>{side}</div>}
      </div>
    </>
  );
}
