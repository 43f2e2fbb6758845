// 登记 fields (seed 二 1.5–1.6, 3.4), shared by the incoming desk and the register action of a
// document that was only signed for: title, number, kind, urgency, pages and copies, the
// addressee checked against the envelope, the parts of an unbound delivery, an internal memo, and
// the time and place of a meeting notice.
import type { ReactNode } from 'react';
import { Alert, AutoComplete, Button, Checkbox, DatePicker, Form, Input, InputNumber, Radio, type FormInstance } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useI18n } from '../../lib/i18n.js';
import { useIsMobile } from '../../lib/media.js';
import { URGENCIES, type Registration, type Urgency } from './incoming.api.js';
import { useIncomingLabels } from './incoming.labels.js';

/** The kinds (文种) offered; any other may be typed. */
export const DOC_KINDS = ['通知', '通报', '决定', '意见', '请示', '报告', '批复', '函', '纪要', '会议通知', '备忘录', '申请', '简报'];
/** seed 二 3.4: a meeting notice carries the meeting's time and place. */
export const MEETING_KIND = '会议通知';

export interface RegistrationValues {
  title: string;
  docNumber?: string;
  docKind: string;
  urgency: Urgency;
  pages?: number | null;
  copies?: number | null;
  addressee?: string;
  addresseeMatches: boolean;
  mismatchNote?: string;
  parts?: { title: string; pages?: number | null }[];
  body?: string;
  internal?: boolean;
  meeting?: { startsAt?: Dayjs | null; endsAt?: Dayjs | null; place?: string };
}

const squash = (s: string | undefined | null) => (s ?? '').replace(/\s+/g, '');

/** True when the envelope and the document name different addressees (both given). */
export function addresseesDiffer(envelope: string | undefined | null, onDocument: string | undefined | null): boolean {
  return !!squash(envelope) && !!squash(onDocument) && squash(envelope) !== squash(onDocument);
}

/** Form values → the API's registration (empty optional fields left out). */
export function toRegistration(v: RegistrationValues): Registration {
  const trim = (s?: string) => (s && s.trim() ? s.trim() : undefined);
  const parts = (v.parts ?? []).filter((p) => p?.title?.trim()).map((p) => ({ title: p.title.trim(), ...(p.pages ? { pages: p.pages } : {}) }));
  const meeting = v.docKind?.trim() === MEETING_KIND && v.meeting?.startsAt && trim(v.meeting.place) ? { startsAt: v.meeting.startsAt.toISOString(), ...(v.meeting.endsAt ? { endsAt: v.meeting.endsAt.toISOString() } : {}), place: v.meeting.place!.trim() } : undefined;
  return {
    title: v.title.trim(),
    docKind: v.docKind.trim(),
    urgency: v.urgency,
    addresseeMatches: v.addresseeMatches,
    ...(trim(v.docNumber) && { docNumber: trim(v.docNumber) }),
    ...(v.pages ? { pages: v.pages } : {}),
    ...(v.copies ? { copies: v.copies } : {}),
    ...(trim(v.addressee) && { addressee: trim(v.addressee) }),
    ...(!v.addresseeMatches && trim(v.mismatchNote) && { mismatchNote: trim(v.mismatchNote) }),
    ...(parts.length ? { parts } : {}),
    ...(trim(v.body) && { body: v.body!.trim() }),
    ...(v.internal ? { internal: true } : {}),
    ...(meeting && { meeting }),
  };
}

export const suggest = (input: string, option?: { value: string }) => !input || (option?.value ?? '').includes(input);

/** A grid that is three columns on a desktop and one on a phone. */
export function FieldGrid({ children, columns = 3 }: { children: ReactNode; columns?: number }) {
  const mobile = useIsMobile();
  return <div style={{ display: 'grid', gridTemplateColumns: mobile ? '1fr' : `repeat(${columns}, minmax(0, 1fr))`, columnGap: 16 }}>{children}</div>;
}

const item = { style: { marginBottom: 12 } };

/** The document's own fields: title, number, kind, urgency, pages and copies. */
export function DocumentFields({ prefix, children }: { prefix: (string | number)[]; children?: ReactNode }) {
  const { t } = useI18n();
  const labels = useIncomingLabels();
  return (
    <>
      <Form.Item {...item} name={[...prefix, 'title']} label={t('incoming.field.title')} rules={[{ required: true, whitespace: true, message: t('incoming.desk.titleRequired') }, { max: 200 }]}>
        <Input placeholder={t('incoming.desk.titlePlaceholder')} />
      </Form.Item>
      <FieldGrid>
        <Form.Item {...item} name={[...prefix, 'docNumber']} label={t('incoming.field.docNumber')} rules={[{ max: 60 }]}>
          <Input placeholder="市应急〔2026〕8号" />
        </Form.Item>
        <Form.Item {...item} name={[...prefix, 'docKind']} label={t('incoming.field.docKind')} rules={[{ required: true, whitespace: true, message: t('incoming.desk.kindRequired') }, { max: 20 }]}>
          <AutoComplete options={DOC_KINDS.map((k) => ({ value: k }))} filterOption={suggest} defaultActiveFirstOption={false} placeholder="通知 / 请示 / 函 …" />
        </Form.Item>
        <Form.Item {...item} name={[...prefix, 'urgency']} label={t('incoming.field.urgency')}>
          <Radio.Group name={[...prefix, "urgency"].join("_")} optionType="button" buttonStyle="solid" options={URGENCIES.map((u) => ({ value: u, label: labels.urgency(u) }))} />
        </Form.Item>
        {children}
        <Form.Item {...item} name={[...prefix, 'pages']} label={t('incoming.field.pages')}>
          <InputNumber min={1} max={100000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item {...item} name={[...prefix, 'copies']} label={t('incoming.field.copies')}>
          <InputNumber min={1} max={10000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </FieldGrid>
    </>
  );
}

/** seed 二 1.5: 检查文件上的主送单位、来文单位与封皮所写是否相符 — a mismatch is recorded, not refused. */
export function AddresseeCheck({ form, prefix, envelopeName, envelopeField }: { form: FormInstance; prefix: (string | number)[]; envelopeName?: string | null; envelopeField?: ReactNode }) {
  const { t } = useI18n();
  const addressee = Form.useWatch([...prefix, 'addressee'], form) as string | undefined;
  const matches = Form.useWatch([...prefix, 'addresseeMatches'], form) as boolean | undefined;
  const differ = addresseesDiffer(envelopeName, addressee);
  return (
    <>
      <FieldGrid>
        {envelopeField}
        <Form.Item {...item} name={[...prefix, 'addressee']} label={t('incoming.field.addressee')} rules={[{ max: 100 }]}>
          <Input
            onChange={(e) => {
              // The check follows what is typed; the secretary can still untick it for another reason.
              if (addresseesDiffer(envelopeName, e.target.value)) form.setFieldValue([...prefix, 'addresseeMatches'], false);
            }}
          />
        </Form.Item>
        <Form.Item {...item} name={[...prefix, 'addresseeMatches']} valuePropName="checked" label={t('incoming.desk.check')}>
          <Checkbox>{t('incoming.desk.matches')}</Checkbox>
        </Form.Item>
      </FieldGrid>
      {differ && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('incoming.desk.mismatchDetected', { envelope: envelopeName ?? '', addressee: addressee ?? '' })} />}
      {matches === false && (
        <Form.Item {...item} name={[...prefix, 'mismatchNote']} label={t('incoming.desk.mismatchNote')} rules={[{ max: 500 }]}>
          <Input placeholder={t('incoming.desk.mismatchNotePlaceholder')} />
        </Form.Item>
      )}
    </>
  );
}

/** seed 二 1.6: an unbound delivery is one document with several parts, never split in two. */
export function PartsList({ prefix }: { prefix: (string | number)[] }) {
  const { t } = useI18n();
  return (
    <Form.Item label={t('incoming.desk.parts')} tooltip={t('incoming.desk.partsHint')} style={{ marginBottom: 12 }}>
      <Form.List name={[...prefix, 'parts']}>
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <div key={f.key} style={{ display: 'flex', gap: 8, marginBottom: 8 }}>
                <Form.Item name={[f.name, 'title']} noStyle rules={[{ required: true, whitespace: true, message: t('incoming.desk.partTitleRequired') }, { max: 200 }]}>
                  <Input placeholder={t('incoming.desk.partTitle', { n: i + 1 })} style={{ flex: 1 }} />
                </Form.Item>
                <Form.Item name={[f.name, 'pages']} noStyle>
                  <InputNumber min={1} max={100000} precision={0} placeholder={t('incoming.field.pages')} style={{ width: 90 }} />
                </Form.Item>
                <Button icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => remove(f.name)} />
              </div>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ title: '' })}>
              {t('incoming.desk.addPart')}
            </Button>
          </>
        )}
      </Form.List>
    </Form.Item>
  );
}

/** seed 二 3.4: the meeting's time and place, asked for when the kind is 会议通知. */
export function MeetingFields({ form, prefix }: { form: FormInstance; prefix: (string | number)[] }) {
  const { t } = useI18n();
  const kind = Form.useWatch([...prefix, 'docKind'], form) as string | undefined;
  if (kind?.trim() !== MEETING_KIND) return null;
  return (
    <FieldGrid>
      <Form.Item {...item} name={[...prefix, 'meeting', 'startsAt']} label={t('incoming.meeting.startsAt')} rules={[{ required: true, message: t('incoming.meeting.startsAtRequired') }]}>
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item {...item} name={[...prefix, 'meeting', 'endsAt']} label={t('incoming.meeting.endsAt')}>
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item {...item} name={[...prefix, 'meeting', 'place']} label={t('incoming.meeting.place')} rules={[{ required: true, whitespace: true, message: t('incoming.meeting.placeRequired') }, { max: 200 }]}>
        <Input />
      </Form.Item>
    </FieldGrid>
  );
}

/** Body or abstract, and the internal-memo flag (seed 五 5.4). */
export function BodyFields({ prefix }: { prefix: (string | number)[] }) {
  const { t } = useI18n();
  return (
    <>
      <Form.Item {...item} name={[...prefix, 'body']} label={t('incoming.field.body')} rules={[{ max: 200000 }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} placeholder={t('incoming.desk.bodyPlaceholder')} />
      </Form.Item>
    </>
  );
}
