// 收文台 (/incoming/new): the secretary signs for a delivery and registers it in one keyboard-first
// form (seed 二 1.1–1.8): sender first, Enter to move on, Ctrl+Enter to submit, sensible defaults;
// the answer shows the 收文编号 and the printable receipt (收条), then the next one.
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, AutoComplete, Button, Card, Checkbox, DatePicker, Form, Input, Result, Space, Typography, Upload, type UploadFile } from 'antd';
import { FileSearchOutlined, PaperClipOutlined, PrinterOutlined, RightOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { isClassified } from '../../../common/classification.js';
import { ClassificationSelect } from '../../components/classification.js';
import { PageHeader } from '../../components/page-header.js';
import { formatDateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useMe } from '../../lib/session.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { useIsMobile } from '../../lib/media.js';
import { filesApi, type ScopeSubject } from '../files/files.api.js';
import { ScopePicker } from '../files/scope.picker.js';
import { incomingApi, type IncomingDetail } from './incoming.api.js';
import { useKeyboardForm } from './keyboard-form.js';
import { NoPrint, PrintArea } from './print.js';
import { AddresseeCheck, addresseesDiffer, BodyFields, DocumentFields, FieldGrid, MeetingFields, PartsList, suggest, toRegistration, type RegistrationValues } from './registration.fields.js';

interface DeskValues {
  sender: string;
  deliveredBy: string;
  deliveredAt: Dayjs | null;
  envelopeAddressee?: string;
  returnSlip?: boolean;
  classification: number;
  secrecyTerm?: string;
  scope?: ScopeSubject[];
  registration: RegistrationValues;
}

const DELIVERERS = ['机要交通员', '邮政', 'EMS', '快递', '来人送达', '内部交换', '传真'];
const SENDERS_KEY = 'zongban.incoming.senders';
const item = { style: { marginBottom: 12 } };

/** The senders this browser registered lately, newest first: most mail comes from the same few. */
function recentSenders(): string[] {
  try {
    const v = JSON.parse(localStorage.getItem(SENDERS_KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((s) => typeof s === 'string').slice(0, 30) : [];
  } catch {
    return [];
  }
}
function rememberSender(s: string) {
  try {
    localStorage.setItem(SENDERS_KEY, JSON.stringify([s, ...recentSenders().filter((x) => x !== s)].slice(0, 30)));
  } catch {
    /* private mode: no memory, no harm */
  }
}

/** 收条 (seed 二 1.2) as printed for the sender. */
export function ReceiptSheet({ doc, company }: { doc: IncomingDetail; company: string }) {
  const { t } = useI18n();
  const sep = t('incoming.colon');
  const r = doc.receipt;
  return (
    <PrintArea testId="receipt" style={{ background: '#fff', border: '1px solid #d9d9d9', borderRadius: 6, padding: '24px 28px', maxWidth: 640, margin: '0 auto', fontSize: 15, lineHeight: 2 }}>
      <div style={{ textAlign: 'center', fontSize: 22, letterSpacing: 12, fontWeight: 600, marginBottom: 12 }}>{t('incoming.receipt.title')}</div>
      <div style={{ textIndent: '2em' }}>{r.text}</div>
      <div style={{ marginTop: 8 }}>
        {t('incoming.receipt.deliveredBy')}{sep}{r.deliveredBy}　{formatDateTime(r.deliveredAt)}
      </div>
      <div style={{ textAlign: 'right', marginTop: 16 }}>
        <div>{company}</div>
        <div>
          {t('incoming.receipt.signedBy')}{sep}{r.signedBy}　{formatDateTime(r.signedAt).slice(0, 10)}
        </div>
      </div>
    </PrintArea>
  );
}

function Registered({ doc, company, onNext }: { doc: IncomingDetail; company: string; onNext(): void }) {
  const { t } = useI18n();
  return (
    <>
      <NoPrint>
        <Result
          status="success"
          style={{ padding: '16px 0' }}
          title={<span data-testid="incoming-number">{t('incoming.desk.registered', { number: doc.incomingNumber ?? '' })}</span>}
          subTitle={doc.title}
          extra={
            <Space wrap style={{ justifyContent: 'center' }}>
              <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
                {t('incoming.receipt.print')}
              </Button>
              <Link to={`/incoming/${doc.id}`}>
                <Button icon={<FileSearchOutlined />}>{t('incoming.desk.openDocument')}</Button>
              </Link>
              <Button type="primary" icon={<RightOutlined />} autoFocus onClick={onNext} data-testid="next-document">
                {t('incoming.desk.next')}
              </Button>
            </Space>
          }
        />
        {doc.addresseeCheck?.flagged && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('incoming.desk.flagged')} description={doc.addresseeCheck.note ?? undefined} />}
        {doc.returnSlip.present && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('incoming.desk.returnSlipReminder')} />}
      </NoPrint>
      <ReceiptSheet doc={doc} company={company} />
    </>
  );
}

export default function DeskPage() {
  const { t } = useI18n();
  const me = useMe();
  const fb = useFeedback();
  const mobile = useIsMobile();
  const navigate = useNavigate();
  const [form] = Form.useForm<DeskValues>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<IncomingDetail | null>(null);
  const [company, setCompany] = useState('');
  const [envelope, setEnvelope] = useState<UploadFile[]>([]);
  const [senders, setSenders] = useState(recentSenders);
  const maxLevel = Math.min(me.clearance, me.contentCeiling);
  const level = (Form.useWatch('classification', form) as number | undefined) ?? 1;
  const envelopeName = Form.useWatch('envelopeAddressee', form) as string | undefined;

  useEffect(() => {
    incomingApi.company().then(
      (c) => {
        setCompany(c.name);
        // The envelope and the document normally name the company itself.
        if (!form.isFieldTouched('envelopeAddressee')) form.setFieldValue('envelopeAddressee', c.name);
        if (!form.isFieldTouched(['registration', 'addressee'])) form.setFieldValue(['registration', 'addressee'], c.name);
      },
      () => undefined,
    );
  }, [form]);

  const initialValues = useMemo(
    () => ({
      deliveredAt: dayjs(),
      classification: Math.min(1, maxLevel),
      registration: { urgency: 'normal', addresseeMatches: true, parts: [] } as Partial<RegistrationValues>,
    }),
    [maxLevel],
  );

  const next = () => {
    setDone(null);
    setEnvelope([]);
    form.resetFields();
    form.setFieldsValue({ envelopeAddressee: company, registration: { ...initialValues.registration, addressee: company } as RegistrationValues, deliveredAt: dayjs() });
    setTimeout(() => document.getElementById('desk_sender')?.focus(), 0);
  };

  const submit = async (v: DeskValues) => {
    setBusy(true);
    try {
      const classified = isClassified(v.classification);
      const scope = classified ? (v.scope ?? []) : [];
      const secrecyTerm = classified && v.secrecyTerm?.trim() ? v.secrecyTerm.trim() : undefined;
      // seed 二 1.7: the envelope's scan is kept with the same classification as what it held.
      const file = envelope[0]?.originFileObj;
      const envelopeFileId = file ? (await filesApi.upload(file, { classification: v.classification, secrecyTerm, scope })).id : undefined;
      const doc = await incomingApi.signFor({
        sender: v.sender.trim(),
        deliveredBy: v.deliveredBy.trim(),
        ...(v.deliveredAt && { deliveredAt: v.deliveredAt.toISOString() }),
        ...(v.envelopeAddressee?.trim() && { envelopeAddressee: v.envelopeAddressee.trim() }),
        ...(envelopeFileId && { envelopeFileId }),
        ...(v.returnSlip && { returnSlip: true }),
        classification: v.classification,
        ...(secrecyTerm && { secrecyTerm }),
        ...(scope.length && { scope }),
        registration: toRegistration(v.registration),
      });
      rememberSender(v.sender.trim());
      setSenders(recentSenders());
      setDone(doc);
    } catch (e) {
      fb.error(e);
    } finally {
      setBusy(false);
    }
  };

  const keys = useKeyboardForm(() => form.submit());

  return (
    <>
      <PageHeader
        title={t('incoming.desk.title')}
        sub={!done && !mobile ? t('incoming.desk.keys') : undefined}
        extra={
          <NoPrint>
            <Button onClick={() => navigate('/incoming')}>{t('incoming.back')}</Button>
          </NoPrint>
        }
      />
      {done ? (
        <Registered doc={done} company={company} onNext={next} />
      ) : (
        <Card size="small" styles={{ body: { padding: mobile ? 12 : 20 } }}>
          <div ref={keys.ref} onKeyDown={keys.onKeyDown}>
            <Form<DeskValues> form={form} name="desk" layout="vertical" initialValues={initialValues} onFinish={(v) => void submit(v)} scrollToFirstError={{ focus: true }} requiredMark="optional">
              <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
                {t('incoming.desk.signFor')}
              </Typography.Text>
              <FieldGrid>
                <Form.Item {...item} name="sender" label={t('incoming.field.sender')} rules={[{ required: true, whitespace: true, message: t('incoming.desk.senderRequired') }, { max: 100 }]}>
                  <AutoComplete autoFocus options={senders.map((s) => ({ value: s }))} filterOption={suggest} defaultActiveFirstOption={false} placeholder="市应急管理局" />
                </Form.Item>
                <Form.Item {...item} name="deliveredBy" label={t('incoming.field.deliveredBy')} rules={[{ required: true, whitespace: true, message: t('incoming.desk.deliveredByRequired') }, { max: 60 }]}>
                  <AutoComplete options={DELIVERERS.map((s) => ({ value: s }))} filterOption={suggest} defaultActiveFirstOption={false} placeholder={t('incoming.desk.deliveredByPlaceholder')} />
                </Form.Item>
                <Form.Item {...item} name="deliveredAt" label={t('incoming.field.deliveredAt')}>
                  <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowClear={false} style={{ width: '100%' }} />
                </Form.Item>
              </FieldGrid>
              <Typography.Text strong style={{ display: 'block', margin: '4px 0 8px' }}>
                {t('incoming.desk.register')}
              </Typography.Text>
              <DocumentFields prefix={['registration']}>
                <Form.Item {...item} name="classification" label={t('incoming.field.classification')} rules={[{ required: true }]}>
                  <ClassificationSelect max={maxLevel} />
                </Form.Item>
              </DocumentFields>
              {isClassified(level) && (
                <FieldGrid columns={3}>
                  <Form.Item {...item} name="secrecyTerm" label={t('files.secrecyTerm')} rules={[{ max: 40 }]}>
                    <Input placeholder={t('files.secrecyTermPlaceholder')} />
                  </Form.Item>
                  <div style={{ gridColumn: mobile ? undefined : 'span 2' }}>
                    <Form.Item {...item} name="scope" label={t('files.scope')} extra={t('files.scopeHint')} rules={[{ required: true, message: t('incoming.desk.scopeRequired') }]}>
                      <ScopePicker />
                    </Form.Item>
                  </div>
                </FieldGrid>
              )}
              <MeetingFields form={form} prefix={['registration']} />
              <AddresseeCheck
                form={form}
                prefix={['registration']}
                envelopeName={envelopeName}
                envelopeField={
                  <Form.Item {...item} name="envelopeAddressee" label={t('incoming.field.envelopeAddressee')} rules={[{ max: 100 }]}>
                    <Input
                      onChange={(e) => {
                        if (addresseesDiffer(e.target.value, form.getFieldValue(['registration', 'addressee']))) form.setFieldValue(['registration', 'addresseeMatches'], false);
                      }}
                    />
                  </Form.Item>
                }
              />
              <Space wrap size={[24, 4]} style={{ marginBottom: 12 }}>
                <Form.Item name="returnSlip" valuePropName="checked" noStyle>
                  <Checkbox>{t('incoming.desk.returnSlip')}</Checkbox>
                </Form.Item>
                <Form.Item name={['registration', 'internal']} valuePropName="checked" noStyle>
                  <Checkbox>{t('incoming.desk.internal')}</Checkbox>
                </Form.Item>
              </Space>
              <BodyFields prefix={['registration']} />
              <FieldGrid columns={2}>
                <PartsList prefix={['registration']} />
                <Form.Item label={t('incoming.desk.envelope')} tooltip={t('incoming.desk.envelopeHint')} style={{ marginBottom: 12 }}>
                  <Upload accept=".pdf,.png,.jpg,.jpeg" maxCount={1} fileList={envelope} beforeUpload={() => false} onChange={({ fileList }) => setEnvelope(fileList.slice(-1))}>
                    <Button icon={<PaperClipOutlined />}>{t('incoming.desk.envelopePick')}</Button>
                  </Upload>
                </Form.Item>
              </FieldGrid>
              <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 12 }}>
                <Button type="primary" htmlType="submit" loading={busy} size="large" data-testid="desk-submit">
                  {t('incoming.desk.submit')}
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
