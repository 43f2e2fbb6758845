// The input form of each workflow action the server offers (`abilities`): the opinion, the
// proposal (拟办), the GM's instruction (批示), the lead and co-departments with a deadline for
// distribution, the result report, return reasons, a meeting's attendees … Every request carries
// the record's version: a stale one (409) reloads the document and says so; closing a document
// that circulation readers still hold asks before insisting (条例 不得漏传).
import { useState, type ReactNode } from 'react';
import { App, Button, Checkbox, DatePicker, Form, Input, InputNumber, Radio, Select, Space, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { INCOMING_WORKFLOW } from '../../../common/workflow/incoming.workflow.js';
import { ApiError } from '../../lib/api.js';
import { useI18n } from '../../lib/i18n.js';
import type { MessageKey } from '../../lib/messages.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { incomingApi, type ActionRequest, type IncomingDetail } from './incoming.api.js';
import { useDepartments, useIncomingLabels } from './incoming.labels.js';
import { PeoplePicker } from './people.picker.js';
import { AddresseeCheck, BodyFields, DocumentFields, MeetingFields, PartsList, toRegistration, type RegistrationValues } from './registration.fields.js';

const RETURN_REASONS: MessageKey[] = ['incoming.reason.addressee', 'incoming.reason.kind', 'incoming.reason.format', 'incoming.reason.notOurs', 'incoming.reason.coordinate'];
const INSTRUCTION_PHRASES: MessageKey[] = ['incoming.phrase.agree', 'incoming.phrase.read', 'incoming.phrase.asProposed'];

/** Runs one action: success hands the new detail over; 409s reload; held circulation asks first. */
export function useAct(doc: IncomingDetail, onDone: (d: IncomingDetail) => void, reload: () => void) {
  const { t } = useI18n();
  const sep = t('incoming.colon');
  const { modal } = App.useApp();
  const fb = useFeedback();
  const labels = useIncomingLabels();
  const [busy, setBusy] = useState(false);
  const run = async (req: Omit<ActionRequest, 'version'>): Promise<boolean> => {
    setBusy(true);
    try {
      const d = await incomingApi.act(doc.id, { ...req, version: doc.version });
      fb.ok(t('incoming.action.done', { action: labels.action(req.action) }));
      onDone(d);
      return true;
    } catch (e) {
      const holding = e instanceof ApiError && e.code === 'conflict' && Array.isArray(e.details.circulationPending) ? (e.details.circulationPending as { departmentName: string | null; stateLabel: string }[]) : null;
      if (holding) {
        modal.confirm({
          title: t('incoming.action.holdingTitle'),
          content: (
            <ul style={{ paddingInlineStart: 18, margin: 0 }}>
              {holding.map((r, i) => (
                <li key={i}>
                  {r.departmentName ?? '—'}{sep}{r.stateLabel}
                </li>
              ))}
            </ul>
          ),
          okText: t('incoming.action.holdingForce'),
          okButtonProps: { danger: true },
          onOk: () => run({ ...req, input: { ...req.input, force: true } }),
        });
        return false;
      }
      fb.error(e, reload);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { run, busy };
}

interface FormProps {
  doc: IncomingDetail;
  action: string;
  onDone(d: IncomingDetail): void;
  onCancel?(): void;
  reload(): void;
  submitLabel?: string;
}

const area = (rows = 3) => <Input.TextArea autoSize={{ minRows: rows, maxRows: 10 }} />;

/** Chips that put a common phrase into a text field. */
function Phrases({ keys, onPick }: { keys: MessageKey[]; onPick(text: string): void }) {
  const { t } = useI18n();
  return (
    <Space size={[4, 4]} wrap style={{ marginTop: -4, marginBottom: 12 }}>
      {keys.map((k) => (
        <Tag key={k} style={{ cursor: 'pointer' }} onClick={() => onPick(t(k))}>
          {t(k)}
        </Tag>
      ))}
    </Space>
  );
}

function DeadlineFields() {
  const { t } = useI18n();
  const form = Form.useFormInstance();
  const mode = Form.useWatch('deadlineMode', form) as 'days' | 'date' | undefined;
  return (
    <>
      <Form.Item name="deadlineMode" label={t('incoming.field.deadline')} style={{ marginBottom: 8 }}>
        <Radio.Group
          options={[
            { value: 'days', label: t('incoming.distribute.workingDays') },
            { value: 'date', label: t('incoming.distribute.date') },
          ]}
        />
      </Form.Item>
      {mode === 'date' ? (
        <Form.Item name="deadline" rules={[{ required: true, message: t('incoming.distribute.deadlineRequired') }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      ) : (
        <Form.Item name="deadlineWorkingDays" rules={[{ required: true, message: t('incoming.distribute.deadlineRequired') }]} extra={t('incoming.distribute.workingDaysHint')}>
          <InputNumber min={1} max={250} precision={0} addonAfter={t('incoming.distribute.days')} style={{ width: '100%' }} />
        </Form.Item>
      )}
    </>
  );
}

interface Values {
  opinion?: string;
  proposal?: string;
  instruction?: string;
  ordersAction?: boolean;
  leadDepartmentId?: string;
  coDepartmentIds?: string[];
  deadlineMode?: 'days' | 'date';
  deadline?: Dayjs | null;
  deadlineWorkingDays?: number;
  leaderId?: string;
  kind?: 'non_compliant' | 'coordinate_first';
  coordinateWith?: string[];
  result?: string;
  attendeeIds?: string[];
  note?: string;
  registration?: RegistrationValues;
  [field: string]: unknown;
}

/** The request an action's form values make. */
function toRequest(action: string, v: Values): Omit<ActionRequest, 'version'> {
  const text = (s?: string) => (s && s.trim() ? s.trim() : undefined);
  switch (action) {
    case 'register':
      return { action, input: toRegistration(v.registration!) as unknown as Record<string, unknown> };
    // The proposal, the instruction and the result are also the step's opinion on the trail.
    case 'propose':
      return { action, opinion: text(v.proposal), input: { proposal: text(v.proposal) } };
    case 'instruct':
      return {
        action,
        opinion: text(v.instruction),
        input: {
          instruction: text(v.instruction),
          ordersAction: !!v.ordersAction,
          ...(v.ordersAction && v.leadDepartmentId && { leadDepartmentId: v.leadDepartmentId }),
          ...(v.ordersAction && v.deadline && { deadline: v.deadline.format('YYYY-MM-DD') }),
        },
      };
    case 'distribute':
      return {
        action,
        opinion: text(v.opinion),
        input: {
          leadDepartmentId: v.leadDepartmentId,
          coDepartmentIds: (v.coDepartmentIds ?? []).filter((d) => d !== v.leadDepartmentId),
          ...(v.deadlineMode === 'date' ? { deadline: v.deadline?.format('YYYY-MM-DD') } : { deadlineWorkingDays: v.deadlineWorkingDays }),
        },
      };
    case 'ask_leader':
      return { action, opinion: text(v.opinion), input: { leaderId: v.leaderId } };
    // 三 2.12: a request touching other departments' business goes back to be coordinated with them first.
    case 'return':
      return { action, opinion: text(v.opinion), input: { kind: v.kind ?? 'non_compliant', ...(v.kind === 'coordinate_first' && { coordinateWith: v.coordinateWith ?? [] }) } };
    case 'report_result':
      return { action, opinion: text(v.result), input: { result: text(v.result) } };
    case 'decide_attendance':
      return { action, opinion: text(v.note), input: { attendeeIds: v.attendeeIds ?? [], ...(text(v.note) && { note: text(v.note) }) } };
    default: {
      // Any other action: its required fields as text, and the opinion.
      const def = INCOMING_WORKFLOW.actions.find((a) => a.key === action);
      const input: Record<string, unknown> = {};
      for (const f of def?.requires ?? []) if (f !== 'opinion' && typeof v[f] === 'string') input[f] = text(v[f] as string);
      return { action, opinion: text(v.opinion), input };
    }
  }
}

export function ActionForm({ doc, action, onDone, onCancel, reload, submitLabel }: FormProps) {
  const { t } = useI18n();
  const labels = useIncomingLabels();
  const depts = useDepartments();
  const [form] = Form.useForm<Values>();
  const { run, busy } = useAct(doc, onDone, reload);
  const def = INCOMING_WORKFLOW.actions.find((a) => a.key === action);
  const required = def?.requires ?? [];
  const opinionRequired = required.includes('opinion');
  const deptOptions = depts.items.map((d) => ({ value: d.id, label: d.name }));
  const append = (field: string) => (phrase: string) => {
    const old = (form.getFieldValue(field) as string | undefined)?.trim();
    form.setFieldValue(field, old ? `${old}${phrase}` : phrase);
  };
  const opinion = (label: MessageKey = 'incoming.field.opinion', req = opinionRequired) => (
    <Form.Item name="opinion" label={t(label)} rules={[{ required: req, whitespace: true, message: t('incoming.action.opinionRequired') }, { max: 5000 }]}>
      {area()}
    </Form.Item>
  );

  let fields: ReactNode;
  const initial: Values = {};
  switch (action) {
    case 'register':
      initial.registration = { urgency: doc.urgency, addresseeMatches: true, title: doc.title, docKind: doc.docKind, addressee: doc.envelopeAddressee ?? undefined } as RegistrationValues;
      fields = (
        <>
          <DocumentFields prefix={['registration']} />
          <MeetingFields form={form} prefix={['registration']} />
          <AddresseeCheck form={form} prefix={['registration']} envelopeName={doc.envelopeAddressee} />
          <Form.Item name={['registration', 'internal']} valuePropName="checked" style={{ marginBottom: 12 }}>
            <Checkbox>{t('incoming.desk.internal')}</Checkbox>
          </Form.Item>
          <BodyFields prefix={['registration']} />
          <PartsList prefix={['registration']} />
        </>
      );
      break;
    case 'return':
      initial.kind = 'non_compliant';
      fields = (
        <>
          <Form.Item name="kind" label={t('incoming.return.kind')} style={{ marginBottom: 8 }}>
            <Radio.Group
              options={[
                { value: 'non_compliant', label: t('incoming.return.nonCompliant') },
                { value: 'coordinate_first', label: t('incoming.return.coordinateFirst') },
              ]}
            />
          </Form.Item>
          <CoordinateWith deptOptions={deptOptions} />
          {opinion('incoming.action.returnReasons', true)}
          <Phrases keys={RETURN_REASONS} onPick={append('opinion')} />
        </>
      );
      break;
    case 'propose':
      fields = (
        <Form.Item name="proposal" label={t('incoming.field.proposal')} rules={[{ required: true, whitespace: true, message: t('incoming.action.proposalRequired') }, { max: 5000 }]} extra={t('incoming.action.proposalHint')}>
          {area()}
        </Form.Item>
      );
      break;
    case 'ask_leader':
      fields = (
        <>
          <Form.Item name="leaderId" label={t('incoming.field.leader')} rules={[{ required: true, message: t('incoming.action.leaderRequired') }]}>
            <PeoplePicker multiple={false} roles={['vice_gm', 'gm']} />
          </Form.Item>
          {opinion('incoming.field.note', false)}
        </>
      );
      break;
    case 'leader_opine':
      fields = opinion('incoming.field.leaderOpinion', true);
      break;
    case 'instruct':
      initial.ordersAction = false;
      fields = (
        <>
          <Form.Item name="instruction" label={t('incoming.field.instruction')} rules={[{ required: true, whitespace: true, message: t('incoming.action.instructionRequired') }, { max: 5000 }]}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} data-testid="instruction-input" />
          </Form.Item>
          <Phrases keys={INSTRUCTION_PHRASES} onPick={append('instruction')} />
          <Form.Item name="ordersAction" valuePropName="checked" style={{ marginBottom: 8 }} extra={t('incoming.action.ordersActionHint')}>
            <Checkbox>{t('incoming.action.ordersAction')}</Checkbox>
          </Form.Item>
          <OrdersActionFields deptOptions={deptOptions} />
        </>
      );
      break;
    case 'distribute':
      initial.deadlineMode = 'days';
      initial.deadlineWorkingDays = 5;
      initial.leadDepartmentId = doc.leadDepartmentId ?? undefined;
      fields = (
        <>
          <Form.Item name="leadDepartmentId" label={t('incoming.field.leadDepartment')} rules={[{ required: true, message: t('incoming.distribute.leadRequired') }]}>
            <Select showSearch optionFilterProp="label" options={deptOptions} data-testid="lead-department" />
          </Form.Item>
          <Form.Item name="coDepartmentIds" label={t('incoming.field.coDepartments')}>
            <Select mode="multiple" optionFilterProp="label" options={deptOptions} />
          </Form.Item>
          <DeadlineFields />
        </>
      );
      break;
    case 'report_result':
      fields = (
        <Form.Item name="result" label={t('incoming.field.result')} rules={[{ required: true, whitespace: true, message: t('incoming.action.resultRequired') }, { max: 5000 }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} data-testid="result-input" />
        </Form.Item>
      );
      break;
    case 'decide_attendance':
      initial.attendeeIds = doc.meeting?.attendeeIds ?? [];
      fields = (
        <>
          <Form.Item name="attendeeIds" label={t('incoming.meeting.attendees')} rules={[{ required: true, type: 'array', min: 1, message: t('incoming.meeting.attendeesRequired') }]} extra={t('incoming.meeting.attendeesHint')}>
            <PeoplePicker />
          </Form.Item>
          <Form.Item name="note" label={t('incoming.field.note')} rules={[{ max: 500 }]}>
            {area(2)}
          </Form.Item>
        </>
      );
      break;
    default:
      fields = (
        <>
          {required
            .filter((f) => f !== 'opinion')
            .map((f) => (
              <Form.Item key={f} name={f} label={f} rules={[{ required: true, whitespace: true }]}>
                <Input />
              </Form.Item>
            ))}
          {(def?.opinion || opinionRequired) && opinion()}
        </>
      );
  }

  return (
    <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={(v) => void run(toRequest(action, v))} data-testid={`action-form-${action}`}>
      {fields}
      <Space wrap>
        <Button type="primary" htmlType="submit" loading={busy} danger={def?.backward}>
          {submitLabel ?? labels.action(action)}
        </Button>
        {onCancel && <Button onClick={onCancel}>{t('common.cancel')}</Button>}
      </Space>
    </Form>
  );
}

/** The departments a returned request must first be coordinated with (三 2.12). */
function CoordinateWith({ deptOptions }: { deptOptions: { value: string; label: string }[] }) {
  const { t } = useI18n();
  const form = Form.useFormInstance();
  const kind = Form.useWatch('kind', form) as string | undefined;
  if (kind !== 'coordinate_first') return null;
  return (
    <Form.Item name="coordinateWith" label={t('incoming.return.coordinateWith')} rules={[{ required: true, type: 'array', min: 1, message: t('incoming.return.coordinateWithRequired') }]}>
      <Select mode="multiple" optionFilterProp="label" options={deptOptions} />
    </Form.Item>
  );
}

/** With an instruction that orders action, the GM may name the lead department and a deadline for supervision. */
function OrdersActionFields({ deptOptions }: { deptOptions: { value: string; label: string }[] }) {
  const { t } = useI18n();
  const form = Form.useFormInstance();
  const orders = Form.useWatch('ordersAction', form) as boolean | undefined;
  if (!orders) return null;
  return (
    <div style={{ marginBottom: 12, display: 'flex', flexWrap: 'wrap', gap: 8 }}>
      <Form.Item name="leadDepartmentId" noStyle>
        <Select allowClear showSearch optionFilterProp="label" options={deptOptions} placeholder={t('incoming.field.leadDepartment')} style={{ minWidth: 160, flex: 1 }} />
      </Form.Item>
      <Form.Item name="deadline" noStyle>
        <DatePicker placeholder={t('incoming.field.deadline')} style={{ minWidth: 140, flex: 1 }} />
      </Form.Item>
    </div>
  );
}
