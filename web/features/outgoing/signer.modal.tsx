// 指定授权签发人: the office director names a company leader (a vice GM) who may sign this document
// off besides the GM; the server checks the person's role and clearance.
import { useState } from 'react';
import { Alert, Form, Modal, Select } from 'antd';
import { useI18n } from '../../lib/i18n.js';
import { useApi } from '../../lib/use-api.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { orgApi } from '../org/org.api.js';
import { outgoingApi, type OutgoingDetail } from './outgoing.api.js';

export function SignerModal({ doc, open, onClose, onDone, onStale }: { doc: OutgoingDetail; open: boolean; onClose(): void; onDone(d: OutgoingDetail): void; onStale(): void }) {
  const { t } = useI18n();
  const fb = useFeedback();
  const [busy, setBusy] = useState(false);
  const leaders = useApi(() => (open ? orgApi.people({ role: 'vice_gm', status: 'active', limit: 50, offset: 0 }) : Promise.resolve({ items: [], total: 0 })), [open]);
  const submit = async (v: { personId: string }) => {
    setBusy(true);
    try {
      onDone(await outgoingApi.authoriseSigner(doc, v.personId));
      fb.ok(t('out.signerNamed'));
    } catch (e) {
      fb.error(e, () => {
        onClose();
        onStale();
      });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title={t('out.authoriseSigner')} open={open} onCancel={onClose} okText={t('out.authoriseSigner')} confirmLoading={busy} destroyOnHidden okButtonProps={{ htmlType: 'submit', form: 'signer-form' }}>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('out.authoriseSignerHint')} />
      <Form id="signer-form" layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item name="personId" label={t('out.signer')} rules={[{ required: true, message: t('out.signerRequired') }]}>
          <Select loading={leaders.loading} options={(leaders.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name}（${p.position}）` }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
