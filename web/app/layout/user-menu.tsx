// The user menu: who is logged in, personal settings, the language switch and log-out.
import { Avatar, Dropdown, Space, Typography } from 'antd';
import { GlobalOutlined, LogoutOutlined, SettingOutlined, UserOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { ROLE_LABELS } from '../../../common/roles.js';
import { useI18n } from '../../lib/i18n.js';
import { useMe, useSession } from '../../lib/session.js';

export function UserMenu({ compact }: { compact: boolean }) {
  const me = useMe();
  const { logout } = useSession();
  const { t, l, lang, setLang } = useI18n();
  const navigate = useNavigate();
  const roles = me.roles.map((r) => l(ROLE_LABELS[r], r)).join('、');

  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'who', disabled: true, label: <div style={{ color: 'rgba(0,0,0,.65)' }}>{me.name} · {roles}<br />{me.department.name}</div> },
          { type: 'divider' },
          { key: 'settings', icon: <SettingOutlined />, label: t('user.settings') },
          { key: 'lang', icon: <GlobalOutlined />, label: lang === 'zh' ? 'English' : '中文' },
          { type: 'divider' },
          { key: 'logout', icon: <LogoutOutlined />, label: t('user.logout'), danger: true },
        ],
        onClick: ({ key }) => {
          if (key === 'settings') navigate('/settings');
          if (key === 'lang') setLang(lang === 'zh' ? 'en' : 'zh');
          if (key === 'logout') void logout();
        },
      }}
    >
      <a role="button" data-testid="user-menu" onClick={(e) => e.preventDefault()} style={{ display: 'inline-flex', alignItems: 'center', height: 64, padding: '0 4px' }}>
        <Space size={8}>
          <Avatar size="small" style={{ background: '#1f4e8c' }} icon={<UserOutlined />} />
          {!compact && <Typography.Text>{me.name}</Typography.Text>}
        </Space>
      </a>
    </Dropdown>
  );
}
