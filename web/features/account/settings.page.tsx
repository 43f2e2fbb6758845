// 个人设置: profile, password, second factor and API tokens.
import { Card, Descriptions, Tabs, Tag } from 'antd';
import { CLASSIFICATION_LABELS } from '../../../common/classification.js';
import { ROLE_LABELS } from '../../../common/roles.js';
import { PageHeader } from '../../components/page-header.js';
import { useI18n } from '../../lib/i18n.js';
import { useMe } from '../../lib/session.js';
import { useIsMobile } from '../../lib/media.js';
import { PasswordSection } from './password.section.js';
import { TokensSection } from './tokens.section.js';
import { TotpSection } from './totp.section.js';

export default function SettingsPage() {
  const { t, l } = useI18n();
  const me = useMe();
  const mobile = useIsMobile();
  return (
    <>
      <PageHeader title={t('user.settings')} />
      <Card size="small">
        <Tabs
          tabPosition={mobile ? 'top' : 'left'}
          items={[
            {
              key: 'profile',
              label: t('settings.profile'),
              children: (
                <Descriptions column={1} size="small" bordered labelStyle={{ width: 120 }}>
                  <Descriptions.Item label={t('org.name')}>{me.name}</Descriptions.Item>
                  <Descriptions.Item label={t('org.username')}>{me.username}</Descriptions.Item>
                  <Descriptions.Item label={t('org.department')}>{me.department.name}</Descriptions.Item>
                  <Descriptions.Item label={t('org.position')}>{me.position || '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('org.roles')}>
                    {me.roles.map((r) => (
                      <Tag key={r} color="geekblue">
                        {l(ROLE_LABELS[r], r)}
                      </Tag>
                    ))}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('org.clearance')}>{l(CLASSIFICATION_LABELS[me.clearance])}</Descriptions.Item>
                  <Descriptions.Item label={t('org.phone')}>{me.phone || '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('org.email')}>{me.email || '—'}</Descriptions.Item>
                </Descriptions>
              ),
            },
            { key: 'password', label: t('settings.password'), children: <PasswordSection /> },
            { key: 'totp', label: t('settings.totp'), children: <TotpSection /> },
            { key: 'tokens', label: t('settings.tokens'), children: <TokensSection /> },
          ]}
        />
      </Card>
    </>
  );
}
