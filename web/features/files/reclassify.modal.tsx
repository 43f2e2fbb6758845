// The security officer changes an attachment's 密级, secrecy term and named reading scope; the
// server audits each change and tells the people newly let in.
import { useEffect, useState } from 'react';
import { Alert, Form, Input, Modal, Spin } from 'antd';
import { isClassified } from '../../../common/classification.js';
import { ClassificationSelect } from '../../components/classification.js';
import { api } from '../../lib/api.js';
import { useI18n } from '../../lib/i18n.js';
import { useMe } from '../../lib/session.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { filesApi, type Attachment, type ScopeSubject } from './files.api.js';
import { ScopePicker } from './scope.picker.js';

interface Values {
  classification: number;
  secrecyTerm?: string;
  scope: ScopeSubject[];
}

export function ReclassifyModal({ attachment, onClose, onDone }: { attachment: Attachment | null; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const me = useMe();
  const fb = useFeedback();
  const [form] = Form.useForm<Values>();
  const [loading, setLoading] = useState(false);
  const [busy, setBusy] = useState(false);
  const [names, setNames] = useState<Record<string, string>>({});
  const [current, setCurrent] = useState<Attachment | null>(null);
  const level = Form.useWatch('classification', form) ?? 0;

  useEffect(() => {
    if (!attachment) return;
    let live = true;
    setLoading(true);
    (async () => {
      const detail = await filesApi.get(attachment.id);
      const named = detail.scope.filter((s) => s.source === 'named').map((s) => ({ kind: s.subject_kind, id: s.subject_id }));
      // Names of the people already in the scope, so the picker shows names rather than ids.
      const people = await Promise.all(
        named.filter((s) => s.kind === 'person').map((s) => api.get<{ name: string }>(`/api/v1/org/people/${s.id}`).then((p) => [`person:${s.id}`, p.name] as const, () => [`person:${s.id}`, s.id] as const)),
      );
      if (!live) return;
      setNames(Object.fromEntries(people));
      setCurrent(detail);
      form.setFieldsValue({ classification: detail.classification, secrecyTerm: detail.secrecyTerm ?? '', scope: named });
    })()
      .catch((e) => {
        fb.error(e);
        onClose();
      })
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [attachment]);

  const submit = async (v: Values) => {
    if (!current) return;
    setBusy(true);
    try {
      await filesApi.reclassify(current.id, { classification: v.classification, secrecyTerm: v.secrecyTerm?.trim() || null, scope: v.scope ?? [], version: current.version });
      fb.ok(t('common.saved'));
      onDone();
    } catch (e) {
      fb.error(e, onDone);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={attachment ? t('files.reclassifyOf', { name: attachment.filename }) : ''} open={!!attachment} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} okButtonProps={{ disabled: loading }} destroyOnHidden>
      <Spin spinning={loading}>
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="classification" label={t('files.classification')} rules={[{ required: true }]}>
            <ClassificationSelect max={me.clearance} />
          </Form.Item>
          <Form.Item name="secrecyTerm" label={t('files.secrecyTerm')} rules={[{ max: 40 }]}>
            <Input placeholder={t('files.secrecyTermPlaceholder')} />
          </Form.Item>
          <Form.Item name="scope" label={t('files.scope')} extra={t('files.scopeHint')}>
            <ScopePicker knownNames={names} />
          </Form.Item>
          {!isClassified(level) && <Alert type="info" showIcon message={t('files.scopeOnlyClassified')} />}
        </Form>
      </Spin>
    </Modal>
  );
}
