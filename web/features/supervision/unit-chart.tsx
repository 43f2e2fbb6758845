// 各单位办理情况 as a chart: a bar per unit with items in the period, in proportion to the unit with
// most, split into completed on time, late (completed late, or still open past the deadline) and
// the rest (open, not yet due), with the on-time rate and the chases received beside it. Plain
// elements rather than a chart library: a few dozen bars, readable on a phone and in print.
import { Empty, Space, Typography } from 'antd';
import { useI18n } from '../../lib/i18n.js';
import { useIsMobile } from '../../lib/media.js';
import type { UnitFigure } from './supervision.api.js';

const COLORS = { onTime: '#52c41a', late: '#ff4d4f', open: '#91caff' } as const;
type Part = keyof typeof COLORS;

function partsOf(u: UnitFigure): Record<Part, number> {
  return { onTime: u.completedOnTime, late: u.lateItems, open: Math.max(0, u.items - u.completedOnTime - u.lateItems) };
}

function Legend() {
  const { t } = useI18n();
  return (
    <Space size={16} wrap style={{ fontSize: 12, marginBottom: 8 }}>
      {(Object.keys(COLORS) as Part[]).map((p) => (
        <span key={p}>
          <span style={{ display: 'inline-block', width: 10, height: 10, background: COLORS[p], marginInlineEnd: 4, verticalAlign: 'middle' }} />
          {t(`supervision.stats.part.${p}`)}
        </span>
      ))}
    </Space>
  );
}

export function UnitChart({ units }: { units: UnitFigure[] }) {
  const { t } = useI18n();
  const mobile = useIsMobile();
  const shown = units.filter((u) => u.items > 0);
  if (!shown.length) return <Empty description={t('supervision.stats.noItems')} data-testid="unit-chart" />;
  const most = Math.max(...shown.map((u) => u.items));
  return (
    <div data-testid="unit-chart">
      <Legend />
      {shown.map((u) => {
        const parts = partsOf(u);
        const rate = u.onTimeRate === null ? '—' : `${Math.round(u.onTimeRate * 100)}%`;
        const label = t('supervision.stats.bar', { unit: u.departmentName, items: u.items, onTime: parts.onTime, late: parts.late, open: parts.open, rate, chases: u.chasesReceived });
        return (
          <div
            key={u.departmentId}
            data-testid="unit-bar"
            role="img"
            aria-label={label}
            title={label}
            style={{ display: 'grid', gridTemplateColumns: mobile ? 'minmax(0, 1fr) auto' : '140px minmax(0, 1fr) 210px', gap: mobile ? '2px 8px' : 12, alignItems: 'center', marginBottom: mobile ? 10 : 6 }}
          >
            <Typography.Text ellipsis style={{ fontSize: 13 }}>
              {u.departmentName}
            </Typography.Text>
            {mobile && <Figures u={u} rate={rate} />}
            <div style={{ display: 'flex', height: 14, background: '#f5f5f5', borderRadius: 2, overflow: 'hidden', gridColumn: mobile ? '1 / -1' : undefined }}>
              {(Object.keys(COLORS) as Part[]).map((p) => parts[p] > 0 && <div key={p} style={{ width: `${(parts[p] / most) * 100}%`, background: COLORS[p] }} />)}
            </div>
            {!mobile && <Figures u={u} rate={rate} />}
          </div>
        );
      })}
    </div>
  );
}

function Figures({ u, rate }: { u: UnitFigure; rate: string }) {
  const { t } = useI18n();
  return (
    <span style={{ fontSize: 12, color: '#595959', whiteSpace: 'nowrap' }}>
      {t('supervision.stats.barFigures', { items: u.items, rate, chases: u.chasesReceived })}
    </span>
  );
}
