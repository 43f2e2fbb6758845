// The administrator sets a new password for someone; the server ends all their sessions.
import { useState } from 'react';
import { Alert, Form, Modal } from 'antd';
import { NewPasswordFields } from '../../components/password-fields.js';
import { useI18n } from '../../lib/i18n.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { orgApi, type Person } from './org.api.js';

/** `onDone` runs after a reset: it changes the record's version, so lists must reload it. */
export function ResetPasswordModal({ person, onClose, onDone }: { person: Person | null; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const fb = useFeedback();
  const [form] = Form.useForm<{ password: string }>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      title={person ? t('org.resetPasswordOf', { name: person.name }) : ''}
      open={!!person}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('org.resetPassword')}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Alert type="info" showIcon message={t('org.resetPasswordHint')} style={{ marginBottom: 16 }} />
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={async ({ password }) => {
          if (!person) return;
          setBusy(true);
          try {
            await orgApi.resetPassword(person.id, password);
            fb.ok(t('org.passwordReset'));
            onDone();
          } catch (e) {
            fb.error(e);
          } finally {
            setBusy(false);
          }
        }}
      >
        <NewPasswordFields name="password" />
      </Form>
    </Modal>
  );
}
