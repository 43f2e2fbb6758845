// The shell: side menu (a drawer on phones), header with the notification bell and the user menu.
import { Suspense, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { Button, Drawer, Layout, Menu, Spin } from 'antd';
import { MenuFoldOutlined, MenuOutlined, MenuUnfoldOutlined } from '@ant-design/icons';
import { useCan } from '../../lib/ability.js';
import { useI18n } from '../../lib/i18n.js';
import { useIsMobile } from '../../lib/media.js';
import { MODULES } from '../modules.js';
import { NotificationBell } from '../../features/notifications/notification-bell.js';
import { UnreadProvider } from '../../features/notifications/unread.js';
import { UserMenu } from './user-menu.js';
import { Brand } from './brand.js';
import { HeaderSearch } from './header-search.js';

const SIDER_BG = '#0f2a4a';

function useModuleMenu(onPick: () => void) {
  const can = useCan();
  const { t } = useI18n();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const visible = MODULES.filter((m) => can(m.need));
  const selected = [...visible].sort((a, b) => b.path.length - a.path.length).find((m) => (m.path === '/' ? pathname === '/' : pathname.startsWith(m.path)));
  return (
    <Menu
      theme="dark"
      mode="inline"
      style={{ background: 'transparent', borderInlineEnd: 0 }}
      selectedKeys={selected ? [selected.key] : []}
      items={visible.map((m) => ({ key: m.key, icon: m.icon, label: t(m.label) }))}
      onClick={({ key }) => {
        const m = visible.find((x) => x.key === key);
        if (m) navigate(m.path);
        onPick();
      }}
    />
  );
}

export function AppLayout() {
  const mobile = useIsMobile();
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const menu = useModuleMenu(() => setDrawerOpen(false));

  return (
    <UnreadProvider>
      <Layout style={{ minHeight: '100%' }}>
        {!mobile && (
          <Layout.Sider width={208} collapsible collapsed={collapsed} trigger={null} style={{ background: SIDER_BG }}>
            <Brand collapsed={collapsed} />
            <nav aria-label="modules">{menu}</nav>
          </Layout.Sider>
        )}
        {mobile && (
          <Drawer placement="left" open={drawerOpen} onClose={() => setDrawerOpen(false)} width={240} closable={false} styles={{ body: { padding: 0, background: SIDER_BG } }}>
            <Brand collapsed={false} />
            <nav aria-label="modules">{menu}</nav>
          </Drawer>
        )}
        <Layout>
          <Layout.Header
            style={{
              background: '#fff',
              padding: mobile ? '0 8px' : '0 16px',
              display: 'flex',
              alignItems: 'center',
              gap: 8,
              borderBottom: '1px solid #e8ebf0',
              position: 'sticky',
              top: 0,
              zIndex: 10,
            }}
          >
            {mobile ? (
              <>
                <Button type="text" icon={<MenuOutlined />} aria-label="menu" onClick={() => setDrawerOpen(true)} />
                <Brand compact />
              </>
            ) : (
              <Button type="text" icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />} aria-label="collapse" onClick={() => setCollapsed((c) => !c)} />
            )}
            <div style={{ flex: 1 }} />
            {!mobile && <HeaderSearch />}
            <NotificationBell />
            <UserMenu compact={mobile} />
          </Layout.Header>
          <Layout.Content style={{ padding: mobile ? 12 : 24, minWidth: 0 }}>
            <Suspense fallback={<Spin style={{ display: 'block', margin: '80px auto' }} />}>
              <Outlet />
            </Suspense>
          </Layout.Content>
        </Layout>
      </Layout>
    </UnreadProvider>
  );
}
