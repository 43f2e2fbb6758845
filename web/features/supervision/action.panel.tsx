// 办理: exactly the workflow actions the server offers this person on this item (`abilities`),
// each with the fields its definition requires (result, reasons, report, lead unit, opinion); and
// beside the workflow what `may` allows: a progress report with a percentage, a manual 催办 with a
// note, an extension request, the leader's decision on it. Every request carries the item's
// version: a stale one (409) reloads the item and says so.
import { useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, DatePicker, Form, Input, InputNumber, Radio, Space, Typography, Upload, type UploadFile } from 'antd';
import { BellOutlined, ClockCircleOutlined, LineChartOutlined, PaperClipOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useI18n } from '../../lib/i18n.js';
import type { MessageKey } from '../../lib/messages.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { filesApi } from '../files/files.api.js';
import { supervisionApi, type Ability, type ItemDetail } from './supervision.api.js';
import { useSupervisionLabels } from './supervision.labels.js';
import { DepartmentSelect } from './unit.fields.js';

const REPORT = '__report';
const CHASE = '__chase';
const EXTEND = '__extend';
const DECIDE = '__decide';

/** Fields an action may require besides the opinion, as the definitions name them. */
const TEXT_FIELDS: Record<string, MessageKey> = { result: 'supervision.action.result', reasons: 'supervision.action.reasons', report: 'supervision.action.report' };
const area = <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} />;

/** Submits a form's request and hands the new detail over; errors (409 included) reload. */
function useSubmit(onDone: (d: ItemDetail) => void, reload: () => void) {
  const fb = useFeedback();
  const [busy, setBusy] = useState(false);
  const run = async (call: () => Promise<ItemDetail>, okText: string) => {
    setBusy(true);
    try {
      const d = await call();
      fb.ok(okText);
      onDone(d);
    } catch (e) {
      fb.error(e, reload);
    } finally {
      setBusy(false);
    }
  };
  return { run, busy };
}

function Submit({ busy, children, danger }: { busy: boolean; children?: ReactNode; danger?: boolean }) {
  const { t } = useI18n();
  return (
    <Button type="primary" danger={danger} htmlType="submit" loading={busy}>
      {children ?? t('supervision.action.submit')}
    </Button>
  );
}

function WorkflowForm({ item, ability, onDone, reload }: { item: ItemDetail; ability: Ability; onDone(d: ItemDetail): void; reload(): void }) {
  const { t } = useI18n();
  const labels = useSupervisionLabels();
  const { run, busy } = useSubmit(onDone, reload);
  const requires = new Set(ability.requires);
  const required = (key: MessageKey) => [{ required: true, whitespace: true, message: t('supervision.action.required', { field: t(key) }) }];
  return (
    <Form
      layout="vertical"
      data-testid={`action-form-${ability.action}`}
      initialValues={{ leadDepartmentId: item.leadDepartmentId ?? undefined }}
      onFinish={(v: Record<string, string | undefined>) => {
        const input: Record<string, unknown> = {};
        for (const f of ability.requires) if (f !== 'opinion' && v[f] !== undefined) input[f] = typeof v[f] === 'string' ? v[f]!.trim() : v[f];
        const opinion = v.opinion?.trim();
        void run(() => supervisionApi.act(item.id, { action: ability.action, version: item.version, ...(opinion && { opinion }), input }), t('supervision.action.done', { action: labels.action(ability.action) }));
      }}
    >
      {ability.requires
        .filter((f) => TEXT_FIELDS[f])
        .map((f) => (
          <Form.Item key={f} name={f} label={t(TEXT_FIELDS[f])} rules={required(TEXT_FIELDS[f])}>
            {area}
          </Form.Item>
        ))}
      {requires.has('leadDepartmentId') && (
        <Form.Item name="leadDepartmentId" label={t('supervision.action.leadDepartmentId')} rules={[{ required: true, message: t('supervision.desk.unitRequired') }]}>
          <DepartmentSelect />
        </Form.Item>
      )}
      {(ability.opinion || requires.has('opinion')) && (
        <Form.Item name="opinion" label={t('supervision.action.opinion')} rules={requires.has('opinion') ? required('supervision.action.opinion') : [{ max: 5000 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
        </Form.Item>
      )}
      <Submit busy={busy} danger={ability.backward}>
        {labels.action(ability.action)}
      </Submit>
    </Form>
  );
}

function ProgressForm({ item, onDone, reload }: { item: ItemDetail; onDone(d: ItemDetail): void; reload(): void }) {
  const { t } = useI18n();
  const { run, busy } = useSubmit(onDone, reload);
  const [files, setFiles] = useState<UploadFile[]>([]);
  // An item with sub-items takes its progress from them; only the lead unit's percent counts.
  const percent = item.children.length === 0 && item.relations.includes('handler');
  // Files go up with the item's classification; attached to the report they belong to the item and
  // are read exactly by its readers (the server links them), so a classified item takes files too.
  const submit = (v: { text: string; percent?: number | null }) =>
    void run(async () => {
      const attachmentIds: string[] = [];
      for (const f of files) if (f.originFileObj) attachmentIds.push((await filesApi.upload(f.originFileObj, { classification: item.classification, scope: [] })).id);
      const d = await supervisionApi.report(item.id, { text: v.text.trim(), ...(percent && v.percent !== null && v.percent !== undefined && { percent: v.percent }), ...(attachmentIds.length && { attachmentIds }) });
      setFiles([]);
      return d;
    }, t('supervision.action.progressDone'));
  return (
    <Form layout="vertical" data-testid="action-form-report_progress" initialValues={{ percent: item.progress }} onFinish={submit}>
      <Form.Item name="text" label={t('supervision.action.progressText')} rules={[{ required: true, whitespace: true, message: t('supervision.action.required', { field: t('supervision.action.progressText') }) }, { max: 5000 }]}>
        {area}
      </Form.Item>
      {percent ? (
        <Form.Item name="percent" label={t('supervision.action.percent')}>
          <InputNumber min={0} max={100} precision={0} addonAfter="%" style={{ width: 140 }} />
        </Form.Item>
      ) : (
        item.children.length > 0 && <Typography.Paragraph type="secondary">{t('supervision.action.childParentProgress')}</Typography.Paragraph>
      )}
      <Form.Item label={t('supervision.action.attachments')}>
        <Upload multiple maxCount={20} fileList={files} beforeUpload={() => false} onChange={({ fileList }) => setFiles(fileList)}>
          <Button icon={<PaperClipOutlined />}>{t('supervision.action.attach')}</Button>
        </Upload>
      </Form.Item>
      <Submit busy={busy}>{t('supervision.action.reportProgress')}</Submit>
    </Form>
  );
}

function ChaseForm({ item, onDone, reload }: { item: ItemDetail; onDone(d: ItemDetail): void; reload(): void }) {
  const { t } = useI18n();
  const { run, busy } = useSubmit(onDone, reload);
  return (
    <Form layout="vertical" data-testid="action-form-chase" onFinish={(v: { note: string }) => void run(() => supervisionApi.chase(item.id, v.note.trim()), t('supervision.action.chaseDone'))}>
      <Form.Item name="note" label={t('supervision.action.chaseNote')} rules={[{ required: true, whitespace: true, message: t('supervision.action.required', { field: t('supervision.action.chaseNote') }) }, { max: 500 }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
      <Submit busy={busy}>{t('supervision.action.chase')}</Submit>
    </Form>
  );
}

function ExtendForm({ item, onDone, reload }: { item: ItemDetail; onDone(d: ItemDetail): void; reload(): void }) {
  const { t } = useI18n();
  const { run, busy } = useSubmit(onDone, reload);
  return (
    <Form
      layout="vertical"
      data-testid="action-form-extend"
      onFinish={(v: { deadline: Dayjs; reason: string }) => void run(() => supervisionApi.requestExtension(item.id, { deadline: v.deadline.format('YYYY-MM-DD'), reason: v.reason.trim() }), t('supervision.action.extendDone'))}
    >
      <Form.Item name="deadline" label={t('supervision.action.extendTo')} rules={[{ required: true, message: t('supervision.desk.deadlineRequired') }]}>
        <DatePicker disabledDate={(d) => d.format('YYYY-MM-DD') <= item.deadline} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="reason" label={t('supervision.action.extendReason')} rules={[{ required: true, whitespace: true, message: t('supervision.action.required', { field: t('supervision.action.extendReason') }) }, { max: 1000 }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
      <Submit busy={busy}>{t('supervision.action.extend')}</Submit>
    </Form>
  );
}

function DecideForm({ item, onDone, reload }: { item: ItemDetail; onDone(d: ItemDetail): void; reload(): void }) {
  const { t } = useI18n();
  const { run, busy } = useSubmit(onDone, reload);
  const ext = item.extensions.find((e) => e.state === 'pending');
  if (!ext) return null;
  return (
    <Form
      layout="vertical"
      data-testid="action-form-decide"
      initialValues={{ approve: true }}
      onFinish={(v: { approve: boolean; note?: string }) => void run(() => supervisionApi.decideExtension(item.id, ext.id, { approve: v.approve, version: item.version, ...(v.note?.trim() && { note: v.note.trim() }) }), t('supervision.action.decided'))}
    >
      <Alert type="info" style={{ marginBottom: 12 }} message={t('supervision.extension.line', { from: ext.previousDeadline, to: ext.requestedDeadline })} description={`${ext.requestedByName}${t('supervision.colon')}${ext.reason}`} />
      <Form.Item name="approve">
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={[
            { value: true, label: t('supervision.action.approve') },
            { value: false, label: t('supervision.action.refuse') },
          ]}
        />
      </Form.Item>
      <Form.Item name="note" label={t('supervision.action.decideNote')} rules={[{ max: 1000 }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
      <Submit busy={busy} />
    </Form>
  );
}

export function ActionPanel({ item, onChange, reload }: { item: ItemDetail; onChange(d: ItemDetail): void; reload(): void }) {
  const { t } = useI18n();
  const labels = useSupervisionLabels();
  // A list may send the handler here to do one thing (?do=report_progress / extend): open its form.
  const [params] = useSearchParams();
  const [open, setOpen] = useState<string | null>(() => ({ report_progress: REPORT, extend: EXTEND })[params.get('do') ?? ''] ?? null);
  const may = item.may;
  const extras: { key: string; label: string; icon: ReactNode; show: boolean }[] = [
    { key: REPORT, label: t('supervision.action.reportProgress'), icon: <LineChartOutlined />, show: may.reportProgress },
    { key: CHASE, label: t('supervision.action.chase'), icon: <BellOutlined />, show: may.chase },
    { key: EXTEND, label: t('supervision.action.extend'), icon: <ClockCircleOutlined />, show: may.requestExtension },
    { key: DECIDE, label: t('supervision.action.decide'), icon: <ClockCircleOutlined />, show: may.decideExtension },
  ].filter((x) => x.show);
  if (!item.abilities.length && !extras.length) return null;
  const done = (d: ItemDetail) => {
    setOpen(null);
    onChange(d);
  };
  const ability = item.abilities.find((a) => a.action === open);
  const testIds: Record<string, string> = { [REPORT]: 'report_progress', [CHASE]: 'chase', [EXTEND]: 'extend', [DECIDE]: 'decide' };
  return (
    <Card size="small" title={t('supervision.action.title')} data-testid="action-panel" style={{ marginBottom: 16 }}>
      <Space wrap style={{ marginBottom: open && (ability || extras.some((x) => x.key === open)) ? 12 : 0 }}>
        {item.abilities.map((a) => (
          <Button key={a.action} type={open === a.action ? 'primary' : a.backward ? 'default' : 'primary'} ghost={open !== a.action && !a.backward} danger={a.backward} onClick={() => setOpen(open === a.action ? null : a.action)} data-testid={`action-${a.action}`}>
            {labels.action(a.action)}
          </Button>
        ))}
        {extras.map((x) => (
          <Button key={x.key} icon={x.icon} type={open === x.key ? 'primary' : 'default'} onClick={() => setOpen(open === x.key ? null : x.key)} data-testid={`action-${testIds[x.key]}`}>
            {x.label}
          </Button>
        ))}
      </Space>
      {open && (ability || extras.some((x) => x.key === open)) && (
        <div style={{ borderTop: '1px solid #f0f0f0', paddingTop: 12 }}>
          {ability && <WorkflowForm key={open} item={item} ability={ability} onDone={done} reload={reload} />}
          {open === REPORT && <ProgressForm item={item} onDone={done} reload={reload} />}
          {open === CHASE && <ChaseForm item={item} onDone={done} reload={reload} />}
          {open === EXTEND && <ExtendForm item={item} onDone={done} reload={reload} />}
          {open === DECIDE && <DecideForm item={item} onDone={done} reload={reload} />}
        </div>
      )}
    </Card>
  );
}
