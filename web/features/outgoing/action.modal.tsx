// One workflow action on a 发文, as a form built from what the server offers (`abilities`: the
// action, whether it asks an opinion, which fields it requires). Actions whose fields need more
// than a text box get them here: the 一事一文 confirmation, countersigning departments, sign-off's
// three items (with every earlier opinion in view), the recipients of a dispatch, a void reason.
import { useEffect, useMemo, useState } from 'react';
import { Alert, AutoComplete, Button, Checkbox, DatePicker, Form, Input, InputNumber, List, Modal, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { formatDateTime, companyDate } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useMe } from '../../lib/session.js';
import { useApi } from '../../lib/use-api.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { orgApi } from '../org/org.api.js';
import { outgoingApi, type Ability, type OutgoingDetail } from './outgoing.api.js';
import { useActionLabel } from './outgoing.tags.js';

/** Fields the form builds itself; any other required field the server names gets a text box. */
const BUILT = new Set(['opinion', 'singleMatter', 'countersignDepartments', 'approval', 'signerName', 'signedOn', 'recipients', 'fileCopies', 'reason']);
/** seed 二 3.9: 留发文稿及两份文件存档 — two copies unless the office keeps more. */
const FILE_COPIES = 2;

interface Recipient {
  name: string;
  kind: 'main' | 'cc';
}

/** 主送 and 抄送 as typed by the drafter (separated by 、，, ; or new lines) → the dispatch's rows. */
export function recipientsFrom(addressee: string | null, cc: string | null): Recipient[] {
  const split = (s: string | null) =>
    (s ?? '')
      .split(/[、，,；;\n]+/)
      .map((x) => x.trim().replace(/[：:]$/, ''))
      .filter(Boolean);
  return [...split(addressee).map((name) => ({ name, kind: 'main' as const })), ...split(cc).map((name) => ({ name, kind: 'cc' as const }))];
}

function EarlierOpinions({ doc }: { doc: OutgoingDetail }) {
  const { t } = useI18n();
  const label = useActionLabel();
  const opinions = doc.trail.filter((s) => s.opinion);
  return (
    <div style={{ marginBottom: 12 }}>
      <Typography.Text strong>{t('out.earlierOpinions')}</Typography.Text>
      {opinions.length ? (
        <List
          size="small"
          data-testid="earlier-opinions"
          dataSource={opinions}
          renderItem={(s) => (
            <List.Item style={{ display: 'block', padding: '4px 0' }}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {label(s.action)} · {s.actorName} · {formatDateTime(s.at)}
              </Typography.Text>
              <div style={{ whiteSpace: 'pre-wrap' }}>{s.opinion}</div>
            </List.Item>
          )}
        />
      ) : (
        <div>
          <Typography.Text type="secondary">{t('out.noOpinions')}</Typography.Text>
        </div>
      )}
    </div>
  );
}

function Recipients() {
  const { t } = useI18n();
  return (
    <Form.List
      name="recipients"
      rules={[{ validator: async (_, v: Recipient[] | undefined) => ((v ?? []).some((r) => r?.name?.trim()) ? undefined : Promise.reject(new Error(t('out.recipientsRequired')))) }]}
    >
      {(fields, { add, remove }, { errors }) => (
        <>
          <Typography.Text strong>{t('out.recipients')}</Typography.Text>
          <div style={{ color: '#8c8c8c', fontSize: 12, marginBottom: 8 }}>{t('out.recipientsHint')}</div>
          {fields.map((f) => (
            <Space key={f.key} align="start" style={{ display: 'flex', marginBottom: 4 }}>
              <Form.Item name={[f.name, 'kind']} style={{ marginBottom: 4 }}>
                <Select
                  style={{ width: 86 }}
                  aria-label={t('out.recipientKind')}
                  options={[
                    { value: 'main', label: t('out.kindMain') },
                    { value: 'cc', label: t('out.kindCc') },
                  ]}
                />
              </Form.Item>
              <Form.Item name={[f.name, 'name']} style={{ marginBottom: 4, flex: 1 }} rules={[{ required: true, whitespace: true, message: t('out.recipientName') }]}>
                <Input placeholder={t('out.recipientName')} aria-label={t('out.recipientName')} style={{ width: '100%', minWidth: 140 }} />
              </Form.Item>
              <Button type="text" icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => remove(f.name)} />
            </Space>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ kind: 'main', name: '' })} block>
            {t('out.addRecipient')}
          </Button>
          <Form.ErrorList errors={errors} />
        </>
      )}
    </Form.List>
  );
}

export function ActionModal({ doc, ability, onClose, onDone, onStale }: { doc: OutgoingDetail; ability: Ability | null; onClose(): void; onDone(d: OutgoingDetail, action: string): void; onStale(): void }) {
  const { t, l } = useI18n();
  const me = useMe();
  const fb = useFeedback();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const action = ability?.action ?? '';
  const requires = useMemo(() => new Set(ability?.requires ?? []), [ability]);
  const departments = useApi(() => (action === 'request_countersign' ? orgApi.departments() : Promise.resolve([])), [action]);

  useEffect(() => {
    if (!ability) return;
    form.resetFields();
    if (action === 'sign_off') form.setFieldsValue({ signedOn: dayjs(companyDate()) });
    if (action === 'request_countersign') form.setFieldsValue({ countersignDepartments: doc.countersignDepartments });
    if (action === 'dispatch') form.setFieldsValue({ recipients: recipientsFrom(doc.addressee, doc.cc), fileCopies: FILE_COPIES });
  }, [ability]);

  const submit = async (v: Record<string, unknown>) => {
    if (!ability) return;
    setBusy(true);
    try {
      const opinion = typeof v.opinion === 'string' && v.opinion.trim() ? v.opinion.trim() : null;
      let next: OutgoingDetail;
      if (action === 'void_number') next = await outgoingApi.voidNumber(doc, String(v.reason).trim());
      else {
        const input: Record<string, unknown> = {};
        for (const [k, val] of Object.entries(v)) if (k !== 'opinion') input[k] = val;
        if (action === 'sign_off') {
          input.approval = String(v.approval ?? '').trim();
          input.signerName = String(v.signerName ?? '').trim();
          input.signedOn = (v.signedOn as Dayjs | undefined)?.format('YYYY-MM-DD') ?? '';
        }
        if (action === 'dispatch') input.recipients = ((v.recipients as Recipient[]) ?? []).filter((r) => r?.name?.trim()).map((r) => ({ name: r.name.trim(), kind: r.kind }));
        next = await outgoingApi.act(doc, action, opinion, input);
      }
      onDone(next, action);
    } catch (e) {
      fb.error(e, () => {
        onClose();
        onStale();
      });
    } finally {
      setBusy(false);
    }
  };

  const hint =
    action === 'office_reject'
      ? t('out.rejectHint')
      : action === 'send_back'
        ? t('out.sendBackHint')
        : action === 'sign_off'
          ? t('out.signoffHint')
          : action === 'check_ok'
            ? t('out.checkHint')
            : action === 'void_number'
              ? t('out.voidHint')
              : action === 'print_seal'
                ? t('out.printSealHint')
                : null;
  const opinionRequired = requires.has('opinion');
  const extra = [...requires].filter((f) => !BUILT.has(f));

  return (
    <Modal
      title={ability ? l(ability.label) : ''}
      open={!!ability}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={ability ? l(ability.label) : ''}
      okButtonProps={{ danger: !!ability?.backward }}
      confirmLoading={busy}
      destroyOnHidden
      width={action === 'sign_off' || action === 'dispatch' ? 640 : 520}
    >
      {hint && <Alert style={{ marginBottom: 12 }} type={ability?.backward ? 'warning' : 'info'} showIcon message={hint} />}
      {action === 'sign_off' && <EarlierOpinions doc={doc} />}
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        {action === 'submit' && (
          <Form.Item
            name="singleMatter"
            valuePropName="checked"
            extra={l(doc.rules.singleMatter)}
            rules={[{ validator: async (_, v) => (v === true ? undefined : Promise.reject(new Error(t('out.singleMatterRequired')))) }]}
          >
            <Checkbox>{t('out.singleMatterConfirm')}</Checkbox>
          </Form.Item>
        )}
        {requires.has('countersignDepartments') && (
          <Form.Item name="countersignDepartments" label={t('out.countersignDepts')} rules={[{ required: true, message: t('out.countersignRequired') }]}>
            <Select
              mode="multiple"
              loading={departments.loading}
              optionFilterProp="label"
              options={(departments.data ?? []).filter((d) => d.id !== doc.draftingDepartmentId).map((d) => ({ value: d.id, label: d.name }))}
            />
          </Form.Item>
        )}
        {action === 'sign_off' && (
          <>
            <Form.Item name="approval" label={t('out.approval')} rules={[{ required: true, whitespace: true, message: t('out.approvalRequired') }]}>
              <AutoComplete options={['同意印发', '同意', '同意，请按程序办理'].map((value) => ({ value }))} placeholder={t('out.approvalPlaceholder')} />
            </Form.Item>
            <Space wrap style={{ display: 'flex' }} align="start">
              <Form.Item
                name="signerName"
                label={t('out.signerName')}
                rules={[
                  { required: true, whitespace: true, message: t('out.signerNameRequired') },
                  { validator: async (_, v) => (!v?.trim() || v.trim() === me.name ? undefined : Promise.reject(new Error(t('out.signerNameSelf', { name: me.name })))) },
                ]}
              >
                <Input style={{ width: 200 }} autoComplete="off" />
              </Form.Item>
              <Form.Item name="signedOn" label={t('out.signedOn')} rules={[{ required: true, message: t('out.signedOnRequired') }]}>
                <DatePicker style={{ width: 200 }} />
              </Form.Item>
            </Space>
          </>
        )}
        {action === 'dispatch' && (
          <>
            <Recipients />
            <Form.Item name="fileCopies" label={t('out.fileCopiesCount')} extra={t('out.fileCopiesHint')} style={{ marginTop: 12 }}>
              <InputNumber min={0} max={20} precision={0} />
            </Form.Item>
          </>
        )}
        {requires.has('reason') && (
          <Form.Item name="reason" label={t('out.voidReason')} rules={[{ required: true, whitespace: true, message: t('out.reasonRequired') }]}>
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        )}
        {extra.map((f) => (
          <Form.Item key={f} name={f} label={f} rules={[{ required: true, whitespace: true }]}>
            <Input />
          </Form.Item>
        ))}
        {ability?.opinion && (
          <Form.Item name="opinion" label={t('out.opinion')} rules={opinionRequired ? [{ required: true, whitespace: true, message: t('out.opinionRequired') }] : []}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
