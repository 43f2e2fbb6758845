// A new password twice, with the server's policy (8+ characters, letters and digits) checked early.
import { Form, Input } from 'antd';
import { useI18n } from '../lib/i18n.js';

export function NewPasswordFields({ name = 'newPassword' }: { name?: string }) {
  const { t } = useI18n();
  return (
    <>
      <Form.Item
        name={name}
        label={t('password.new')}
        extra={t('password.policy')}
        rules={[
          { required: true, message: t('password.required') },
          { min: 8, message: t('password.policy') },
          { pattern: /^(?=.*[A-Za-z])(?=.*\d)/, message: t('password.policy') },
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name={`${name}Again`}
        label={t('password.again')}
        dependencies={[name]}
        rules={[
          { required: true, message: t('password.required') },
          ({ getFieldValue }) => ({
            validator: (_, v) => (v === getFieldValue(name) ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch')))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
