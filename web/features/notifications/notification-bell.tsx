// The bell in the header: the live unread badge, and a drawer with the inbox.
import { useState } from 'react';
import { Badge, Button, Drawer, Segmented } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useI18n } from '../../lib/i18n.js';
import { useApi } from '../../lib/use-api.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { useIsMobile } from '../../lib/media.js';
import { notificationsApi, type Notification } from './notifications.api.js';
import { NotificationList } from './notification-list.js';
import { useUnread } from './unread.js';

function Inbox() {
  const { t } = useI18n();
  const fb = useFeedback();
  const { changes, setUnread } = useUnread();
  const [onlyUnread, setOnlyUnread] = useState(true);
  const { data, loading, reload } = useApi(() => notificationsApi.list({ unread: onlyUnread, limit: 50 }), [onlyUnread, changes]);
  const read = async (n: Notification) => {
    if (n.readAt) return;
    try {
      setUnread((await notificationsApi.markRead([n.id])).unread);
      reload();
    } catch (e) {
      fb.error(e);
    }
  };
  return (
    <>
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, marginBottom: 8, flexWrap: 'wrap' }}>
        <Segmented
          value={onlyUnread ? 'unread' : 'all'}
          onChange={(v) => setOnlyUnread(v === 'unread')}
          options={[
            { value: 'unread', label: t('notify.unread') },
            { value: 'all', label: t('notify.all') },
          ]}
        />
        <Button
          onClick={async () => {
            try {
              setUnread((await notificationsApi.markAllRead()).unread);
              reload();
            } catch (e) {
              fb.error(e);
            }
          }}
        >
          {t('notify.markAllRead')}
        </Button>
      </div>
      <NotificationList items={data?.items ?? []} loading={loading} onRead={read} />
    </>
  );
}

export function NotificationBell() {
  const { t } = useI18n();
  const { unread } = useUnread();
  const mobile = useIsMobile();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button type="text" aria-label={t('notify.title')} data-testid="notification-bell" onClick={() => setOpen(true)} style={{ height: 40 }}>
        <Badge count={unread} size="small" overflowCount={99}>
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
      <Drawer title={t('notify.title')} open={open} onClose={() => setOpen(false)} width={mobile ? '100%' : 400} destroyOnHidden>
        <Inbox />
      </Drawer>
    </>
  );
}
