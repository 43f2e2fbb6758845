// 绑定动态口令: mandatory for the sysadmin, the security officer and the auditor before anything
// else (等保 2.0 level 3); the server refuses every other request until it is done.
import { Alert, Button, Card, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../lib/i18n.js';
import { useMe, useSession } from '../../lib/session.js';
import { Brand } from '../../app/layout/brand.js';
import { TotpEnrolment } from './totp-enrolment.js';

export default function EnrolTotpPage() {
  const { t } = useI18n();
  const me = useMe();
  const { refresh, logout } = useSession();
  const navigate = useNavigate();
  return (
    <div style={{ minHeight: '100%', display: 'flex', justifyContent: 'center', alignItems: 'flex-start', padding: 16 }}>
      <Card style={{ width: '100%', maxWidth: 560, marginTop: 24 }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 12, gap: 8 }}>
          <Brand compact />
          <Button type="link" onClick={() => void logout()}>
            {t('user.logout')}
          </Button>
        </div>
        <Typography.Title level={3}>{t('totp.enrolTitle')}</Typography.Title>
        <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('totp.enrolWhy', { name: me.name })} />
        <TotpEnrolment
          onDone={async () => {
            await refresh();
            navigate('/', { replace: true });
          }}
        />
      </Card>
    </div>
  );
}
