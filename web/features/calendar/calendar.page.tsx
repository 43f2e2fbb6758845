// 节假日日历: the official holidays and 调休 working days of a year, a warning when the year has no
// official data yet (working days then fall back to Monday–Friday), and the editor for those who
// may enter the schedule.
import { useState } from 'react';
import { Alert, Button, Card, Empty, Space, Table, Tabs, Tag } from 'antd';
import { EditOutlined, LeftOutlined, RightOutlined } from '@ant-design/icons';
import { HOLIDAY_KIND_LABELS } from '../../../common/labels.js';
import { PageHeader } from '../../components/page-header.js';
import { useCan } from '../../lib/ability.js';
import { companyDate, weekdayOf } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useApi } from '../../lib/use-api.js';
import { calendarApi, type HolidayEntry } from './calendar.api.js';
import { HolidaysEditor } from './holidays.editor.js';
import { YearGrid } from './year-grid.js';

export default function CalendarPage() {
  const { t, l, lang } = useI18n();
  const can = useCan();
  const [year, setYear] = useState(() => Number(companyDate().slice(0, 4)));
  const [editing, setEditing] = useState(false);
  const { data, loading, reload } = useApi(() => calendarApi.year(year), [year]);
  const items = data?.year === year ? data.items : [];

  return (
    <>
      <PageHeader
        title={t('nav.calendar')}
        extra={
          <>
            <Space.Compact>
              <Button icon={<LeftOutlined />} onClick={() => setYear((y) => Math.max(2000, y - 1))} aria-label={t('calendar.prevYear')} />
              <Button style={{ minWidth: 84, fontWeight: 600 }} data-testid="calendar-year">
                {t('calendar.yearLabel', { year })}
              </Button>
              <Button icon={<RightOutlined />} onClick={() => setYear((y) => Math.min(2100, y + 1))} aria-label={t('calendar.nextYear')} />
            </Space.Compact>
            {can('calendar.manage') && (
              <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing(true)} disabled={loading}>
                {t('calendar.edit')}
              </Button>
            )}
          </>
        }
      />
      {data?.warning && data.year === year && <Alert type="warning" showIcon message={data.warning} style={{ marginBottom: 16 }} data-testid="calendar-warning" />}
      <Card size="small" loading={loading && !data}>
        <Tabs
          items={[
            {
              key: 'grid',
              label: t('calendar.yearView'),
              children: (
                <>
                  <Space wrap style={{ marginBottom: 12 }}>
                    <Tag color="red">{l(HOLIDAY_KIND_LABELS.holiday)}</Tag>
                    <Tag color="orange">{l(HOLIDAY_KIND_LABELS.workday)}</Tag>
                  </Space>
                  <YearGrid year={year} items={items} lang={lang} />
                </>
              ),
            },
            {
              key: 'list',
              label: t('calendar.listView'),
              children: items.length ? (
                <Table<HolidayEntry>
                  rowKey="date"
                  size="small"
                  dataSource={items}
                  pagination={false}
                  scroll={{ x: 480 }}
                  columns={[
                    { title: t('calendar.date'), dataIndex: 'date', width: 110 },
                    { title: t('calendar.weekday'), key: 'w', width: 70, render: (_, e) => weekdayOf(e.date, lang) },
                    { title: t('calendar.kind'), dataIndex: 'kind', width: 110, render: (k: HolidayEntry['kind']) => <Tag color={k === 'holiday' ? 'red' : 'orange'}>{l(HOLIDAY_KIND_LABELS[k])}</Tag> },
                    { title: t('calendar.name'), dataIndex: 'name' },
                  ]}
                />
              ) : (
                <Empty description={t('calendar.noEntries', { year })} />
              ),
            },
          ]}
        />
      </Card>
      <HolidaysEditor
        open={editing}
        year={year}
        items={items}
        onClose={() => setEditing(false)}
        onSaved={() => {
          setEditing(false);
          reload();
        }}
      />
    </>
  );
}
