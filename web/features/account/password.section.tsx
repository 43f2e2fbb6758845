// Change one's own password; the server asks for the current one and ends one's other sessions.
import { useState } from 'react';
import { Button, Form, Input } from 'antd';
import { NewPasswordFields } from '../../components/password-fields.js';
import { useI18n } from '../../lib/i18n.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { authApi } from '../auth/auth.api.js';

export function PasswordSection() {
  const { t } = useI18n();
  const fb = useFeedback();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  return (
    <Form
      form={form}
      layout="vertical"
      style={{ maxWidth: 420 }}
      onFinish={async (v: { currentPassword: string; newPassword: string }) => {
        setBusy(true);
        try {
          await authApi.changePassword(v.currentPassword, v.newPassword);
          fb.ok(t('password.changed'));
          form.resetFields();
        } catch (e) {
          fb.error(e);
        } finally {
          setBusy(false);
        }
      }}
    >
      <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true, message: t('password.required') }]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <NewPasswordFields />
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('password.change')}
      </Button>
    </Form>
  );
}
