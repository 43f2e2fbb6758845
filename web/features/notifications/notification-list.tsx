// A list of notifications; a click marks one read and follows its link when it has one.
import { Badge, Button, Empty, List, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { formatDateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import type { Notification } from './notifications.api.js';

export function NotificationList({ items, loading, onRead }: { items: Notification[]; loading?: boolean; onRead(n: Notification): void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <List
      loading={loading}
      dataSource={items}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notify.empty')} /> }}
      renderItem={(n) => (
        <List.Item
          style={{ cursor: 'pointer', alignItems: 'flex-start' }}
          onClick={() => {
            onRead(n);
            if (n.link && n.link.startsWith('/')) navigate(n.link.startsWith('/attachments') ? '/attachments' : n.link);
          }}
          extra={
            !n.readAt && (
              <Button
                size="small"
                type="link"
                onClick={(e) => {
                  e.stopPropagation();
                  onRead(n);
                }}
              >
                {t('notify.markRead')}
              </Button>
            )
          }
        >
          <List.Item.Meta
            avatar={<Badge status={n.readAt ? 'default' : 'processing'} />}
            title={<Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>}
            description={
              <>
                {n.body && <div>{n.body}</div>}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(n.createdAt)}
                </Typography.Text>
              </>
            }
          />
        </List.Item>
      )}
    />
  );
}
