// A meeting notice received (seed 二 3.4: 做好记录，及时送经理阅示，根据经理批示通知相关人员参会):
// its time and place, and once the GM has decided, who attends (they were notified).
import { Card, Descriptions, Tag, Typography } from 'antd';
import { CalendarOutlined } from '@ant-design/icons';
import { formatDateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useApi } from '../../lib/use-api.js';
import { orgApi } from '../org/org.api.js';
import type { MeetingNotice } from './incoming.api.js';

export function MeetingCard({ meeting }: { meeting: MeetingNotice }) {
  const { t } = useI18n();
  const ids = meeting.attendeeIds ?? [];
  const given = meeting.attendeeNames ?? [];
  // Names come with the decision; without them, the directory's first 200 people cover an office's attendees.
  const people = useApi(() => (ids.length && given.length !== ids.length ? orgApi.people({ limit: 200, offset: 0 }) : Promise.resolve({ items: [], total: 0 })), [ids.join(',')]);
  const names = new Map([...(people.data?.items ?? []).map((p) => [p.id, p.name] as const), ...ids.map((id, i) => [id, given[i]] as const).filter(([, n]) => !!n)]);
  const end = meeting.endsAt ? formatDateTime(meeting.endsAt) : '';
  return (
    <Card
      size="small"
      style={{ marginBottom: 16, borderColor: '#91caff' }}
      title={
        <span>
          <CalendarOutlined style={{ color: '#1f4e8c', marginInlineEnd: 6 }} />
          {t('incoming.meeting.title')}
        </span>
      }
      data-testid="meeting-card"
    >
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('incoming.meeting.time')}>
          {formatDateTime(meeting.startsAt)}
          {end ? ` – ${end.slice(0, 10) === formatDateTime(meeting.startsAt).slice(0, 10) ? end.slice(11) : end}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('incoming.meeting.place')}>{meeting.place}</Descriptions.Item>
        <Descriptions.Item label={t('incoming.meeting.attendees')}>
          {ids.length ? (
            <span>
              {ids.map((id) => (
                <Tag key={id}>{names.get(id) ?? id}</Tag>
              ))}
            </span>
          ) : (
            <Typography.Text type="secondary">{t('incoming.meeting.undecided')}</Typography.Text>
          )}
        </Descriptions.Item>
        {meeting.note && <Descriptions.Item label={t('incoming.field.note')}>{meeting.note}</Descriptions.Item>}
        {meeting.decidedAt && (
          <Descriptions.Item label={t('incoming.meeting.decidedAt')}>
            {formatDateTime(meeting.decidedAt)}
            {meeting.decidedBy ? ` · ${meeting.decidedBy}` : ''}
          </Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}
