// 动态口令 in the personal settings: bind it (optional for most roles), or unbind it with the
// password, which the roles that must use it cannot do.
import { useState } from 'react';
import { Alert, Button, Form, Input, Modal, Result } from 'antd';
import { MFA_REQUIRED_ROLES } from '../../../common/roles.js';
import { useI18n } from '../../lib/i18n.js';
import { useMe, useSession } from '../../lib/session.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { authApi } from '../auth/auth.api.js';
import { TotpEnrolment } from '../auth/totp-enrolment.js';

export function TotpSection() {
  const { t } = useI18n();
  const me = useMe();
  const { refresh } = useSession();
  const fb = useFeedback();
  const [enrolling, setEnrolling] = useState(false);
  const [unbinding, setUnbinding] = useState(false);
  const [busy, setBusy] = useState(false);
  const mandatory = me.roles.some((r) => MFA_REQUIRED_ROLES.includes(r));

  if (me.totpEnabled) {
    return (
      <>
        <Result status="success" title={t('totp.bound')} subTitle={mandatory ? t('totp.mandatory') : t('totp.boundHint')} style={{ padding: '24px 0' }} />
        {!mandatory && (
          <div style={{ textAlign: 'center' }}>
            <Button danger onClick={() => setUnbinding(true)}>
              {t('totp.unbind')}
            </Button>
          </div>
        )}
        <Modal title={t('totp.unbind')} open={unbinding} onCancel={() => setUnbinding(false)} footer={null} destroyOnHidden>
          <Form
            layout="vertical"
            onFinish={async ({ password }: { password: string }) => {
              setBusy(true);
              try {
                await authApi.disableTotp(password);
                fb.ok(t('totp.unbound'));
                setUnbinding(false);
                await refresh();
              } catch (e) {
                fb.error(e);
              } finally {
                setBusy(false);
              }
            }}
          >
            <Form.Item name="password" label={t('password.current')} rules={[{ required: true, message: t('password.required') }]}>
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            <Button danger type="primary" htmlType="submit" loading={busy}>
              {t('totp.unbind')}
            </Button>
          </Form>
        </Modal>
      </>
    );
  }
  if (enrolling) {
    return (
      <TotpEnrolment
        onDone={async () => {
          fb.ok(t('totp.boundNow'));
          setEnrolling(false);
          await refresh();
        }}
      />
    );
  }
  return (
    <>
      <Alert type="info" showIcon message={t('totp.optionalHint')} style={{ marginBottom: 16 }} />
      <Button type="primary" onClick={() => setEnrolling(true)}>
        {t('totp.bind')}
      </Button>
    </>
  );
}
