// 工作台: greeting, today's date in the company time zone, unread notifications, quick links.
import { Card, Col, Row, Space, Tag, Typography } from 'antd';
import { RightOutlined, SettingOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { ROLE_LABELS } from '../../../common/roles.js';
import { api } from '../../lib/api.js';
import { useCan } from '../../lib/ability.js';
import { companyDate, companyHour, formatLongDate } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import type { MessageKey } from '../../lib/messages.js';
import { useMe } from '../../lib/session.js';
import { useApi } from '../../lib/use-api.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { MODULES } from '../../app/modules.js';
import { notificationsApi, type Notification } from '../notifications/notifications.api.js';
import { NotificationList } from '../notifications/notification-list.js';
import { useUnread } from '../notifications/unread.js';

function greetingKey(hour: number): MessageKey {
  if (hour < 6) return 'home.greetNight';
  if (hour < 12) return 'home.greetMorning';
  if (hour < 14) return 'home.greetNoon';
  if (hour < 18) return 'home.greetAfternoon';
  return 'home.greetEvening';
}

function TodayCard() {
  const { t, lang } = useI18n();
  const today = companyDate();
  const { data } = useApi(() => api.get<{ date: string; warning: string | null }>('/api/v1/calendar/working-days', { from: today, add: 0 }), [today]);
  return (
    <Space direction="vertical" size={4}>
      <Typography.Text style={{ fontSize: 16 }} data-testid="today">
        {formatLongDate(today, lang)}
      </Typography.Text>
      {data && (
        <Space wrap size={4}>
          <Tag color={data.date === today ? 'blue' : 'green'}>{data.date === today ? t('home.workingDay') : t('home.restDay')}</Tag>
          {data.warning && <Typography.Text type="warning">{data.warning}</Typography.Text>}
        </Space>
      )}
    </Space>
  );
}

function UnreadCard() {
  const { t } = useI18n();
  const fb = useFeedback();
  const { unread, changes, setUnread } = useUnread();
  const { data, loading, reload } = useApi(() => notificationsApi.list({ unread: true, limit: 5 }), [changes]);
  const read = async (n: Notification) => {
    try {
      setUnread((await notificationsApi.markRead([n.id])).unread);
      reload();
    } catch (e) {
      fb.error(e);
    }
  };
  return (
    <Card title={t('home.unreadTitle', { n: unread })} style={{ height: '100%' }}>
      <NotificationList items={data?.items ?? []} loading={loading} onRead={read} />
    </Card>
  );
}

export default function HomePage() {
  const me = useMe();
  const { t, l } = useI18n();
  const can = useCan();
  const links = MODULES.filter((m) => m.key !== 'home' && can(m.need));
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="greeting">
          {t(greetingKey(companyHour()), { name: me.name })}
        </Typography.Title>
        <Space wrap size={[8, 8]} style={{ marginBottom: 12 }}>
          {me.roles.map((r) => (
            <Tag key={r} color="geekblue">
              {l(ROLE_LABELS[r], r)}
            </Tag>
          ))}
          <Typography.Text type="secondary">
            {me.department.name}
            {me.position ? ` · ${me.position}` : ''}
          </Typography.Text>
        </Space>
        <div>
          <TodayCard />
        </div>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <UnreadCard />
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('home.quickLinks')} style={{ height: '100%' }}>
            <Space direction="vertical" style={{ width: '100%' }}>
              {[...links.map((m) => ({ key: m.key, path: m.path, icon: m.icon, label: t(m.label) })), { key: 'settings', path: '/settings', icon: <SettingOutlined />, label: t('user.settings') }].map((x) => (
                <Link key={x.key} to={x.path} style={{ display: 'flex', alignItems: 'center', gap: 10, padding: '10px 12px', border: '1px solid #e8ebf0', borderRadius: 6 }}>
                  <span style={{ fontSize: 18 }}>{x.icon}</span>
                  <span style={{ flex: 1 }}>{x.label}</span>
                  <RightOutlined style={{ color: '#999' }} />
                </Link>
              ))}
            </Space>
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
