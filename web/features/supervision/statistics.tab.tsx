// 统计: per-unit figures for a week, month, quarter or year (the one containing the chosen day):
// items due, completed, on time, the on-time rate as a bar, items late and by how much on average,
// chases received; as a table or a chart (unit-chart.tsx), and as .xlsx. These are the figures the
// 考核一览表 takes.
import { useState } from 'react';
import { Button, Card, DatePicker, List, Progress, Segmented, Space, Spin, Table, Typography } from 'antd';
import { BarChartOutlined, FileExcelOutlined, TableOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { companyDate } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useApi } from '../../lib/use-api.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { useIsMobile } from '../../lib/media.js';
import { usePeriodLabels } from './board.tab.js';
import { statisticsApi, type PeriodKind, type UnitFigure } from './supervision.api.js';
import { UnitChart } from './unit-chart.js';

const PERIODS: PeriodKind[] = ['week', 'month', 'quarter', 'year'];

function Rate({ u }: { u: UnitFigure }) {
  if (u.onTimeRate === null) return <Typography.Text type="secondary">—</Typography.Text>;
  const pct = Math.round(u.onTimeRate * 100);
  return <Progress percent={pct} size="small" strokeColor={pct >= 90 ? '#389e0d' : pct >= 70 ? '#d48806' : '#cf1322'} format={(p) => `${p}%`} />;
}

export function StatisticsTab() {
  const { t } = useI18n();
  const fb = useFeedback();
  const mobile = useIsMobile();
  const periods = usePeriodLabels();
  const [period, setPeriod] = useState<PeriodKind>('month');
  const [date, setDate] = useState(companyDate());
  const [view, setView] = useState<'table' | 'chart'>('table');
  const loaded = useApi(() => statisticsApi.units({ period, date }), [period, date]);
  const units = [...(loaded.data?.units ?? [])].sort((a, b) => b.items - a.items || a.departmentName.localeCompare(b.departmentName));
  const p = loaded.data?.period;
  const days = (n: number | null) => (n === null ? '—' : n.toFixed(1));
  return (
    <div data-testid="unit-statistics">
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented<PeriodKind> value={period} onChange={setPeriod} options={PERIODS.map((k) => ({ value: k, label: periods[k] }))} />
        <DatePicker value={dayjs(date)} allowClear={false} onChange={(d) => d && setDate(d.format('YYYY-MM-DD'))} />
        <Segmented<'table' | 'chart'>
          data-testid="statistics-view"
          value={view}
          onChange={setView}
          options={[
            { value: 'table', label: t('supervision.stats.view.table'), icon: <TableOutlined /> },
            { value: 'chart', label: t('supervision.stats.view.chart'), icon: <BarChartOutlined /> },
          ]}
        />
        <Button icon={<FileExcelOutlined />} disabled={!p} onClick={() => p && statisticsApi.unitsXlsx({ period, date }, p.label).catch((e) => fb.error(e))}>
          {t('supervision.stats.export')}
        </Button>
      </Space>
      {p && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('supervision.stats.period', { label: p.label, from: p.from, to: p.to })} · {t('supervision.stats.hint')}
        </Typography.Paragraph>
      )}
      {view === 'chart' ? (
        loaded.loading && !loaded.data ? (
          <Spin />
        ) : (
          <UnitChart units={units} />
        )
      ) : mobile ? (
        <List
          loading={loaded.loading}
          dataSource={units}
          rowKey="departmentId"
          renderItem={(u) => (
            <Card size="small" style={{ marginBottom: 8 }} styles={{ body: { padding: 10 } }}>
              <div style={{ display: 'flex', justifyContent: 'space-between' }}>
                <Typography.Text strong>{u.departmentName}</Typography.Text>
                <span>
                  {t('supervision.stats.items')} {u.items}
                </span>
              </div>
              <Rate u={u} />
              <div style={{ fontSize: 12, color: '#595959' }}>
                {t('supervision.stats.late')} {u.lateItems} · {t('supervision.stats.avgLate')} {days(u.averageDaysLate)} · {t('supervision.stats.chases')} {u.chasesReceived}
              </div>
            </Card>
          )}
        />
      ) : (
        <Table<UnitFigure>
          rowKey="departmentId"
          size="small"
          loading={loaded.loading}
          dataSource={units}
          pagination={false}
          columns={[
            { title: t('supervision.stats.unit'), dataIndex: 'departmentName' },
            { title: t('supervision.stats.items'), dataIndex: 'items', width: 80, align: 'right' },
            { title: t('supervision.stats.completed'), dataIndex: 'completed', width: 80, align: 'right' },
            { title: t('supervision.stats.onTime'), dataIndex: 'completedOnTime', width: 90, align: 'right' },
            { title: t('supervision.stats.onTimeRate'), key: 'rate', width: 200, render: (_, u) => <Rate u={u} /> },
            { title: t('supervision.stats.late'), dataIndex: 'lateItems', width: 90, align: 'right' },
            { title: t('supervision.stats.avgLate'), key: 'avg', width: 110, align: 'right', render: (_, u) => days(u.averageDaysLate) },
            { title: t('supervision.stats.chases'), dataIndex: 'chasesReceived', width: 100, align: 'right' },
          ]}
        />
      )}
    </div>
  );
}
