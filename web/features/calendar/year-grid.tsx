// A year at a glance: twelve small months, statutory holidays and 调休 working days marked.
import { Col, Row, Tooltip } from 'antd';
import type { Lang } from '../../../common/labels.js';
import type { HolidayEntry } from './calendar.api.js';

const WEEK_ZH = ['一', '二', '三', '四', '五', '六', '日'];
const WEEK_EN = ['M', 'T', 'W', 'T', 'F', 'S', 'S'];

function Month({ year, month, byDate, lang }: { year: number; month: number; byDate: Map<string, HolidayEntry>; lang: Lang }) {
  const first = new Date(Date.UTC(year, month, 1));
  const days = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7; // weeks start on Monday
  const title = lang === 'en' ? first.toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' }) : `${month + 1}月`;
  const cells: (number | null)[] = [...Array(lead).fill(null), ...Array.from({ length: days }, (_, i) => i + 1)];
  return (
    <div style={{ background: '#fff', border: '1px solid #e8ebf0', borderRadius: 6, padding: 6 }}>
      <div style={{ fontWeight: 600, marginBottom: 4 }}>{title}</div>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 2, fontSize: 12, textAlign: 'center' }}>
        {(lang === 'en' ? WEEK_EN : WEEK_ZH).map((w, i) => (
          <div key={`h${i}`} style={{ color: '#8c8c8c' }}>
            {w}
          </div>
        ))}
        {cells.map((d, i) => {
          if (d === null) return <div key={`e${i}`} />;
          const date = `${year}-${String(month + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          const entry = byDate.get(date);
          const weekend = i % 7 >= 5;
          const style = entry
            ? entry.kind === 'holiday'
              ? { background: '#fff1f0', color: '#cf1322', fontWeight: 600 }
              : { background: '#fff7e6', color: '#d46b08', fontWeight: 600 }
            : { color: weekend ? '#bfbfbf' : undefined };
          const cell = (
            <div style={{ ...style, borderRadius: 4, lineHeight: '22px' }} data-date={date}>
              {d}
            </div>
          );
          return entry ? (
            <Tooltip key={date} title={`${date} ${entry.name}`}>
              {cell}
            </Tooltip>
          ) : (
            <div key={date}>{cell}</div>
          );
        })}
      </div>
    </div>
  );
}

export function YearGrid({ year, items, lang }: { year: number; items: HolidayEntry[]; lang: Lang }) {
  const byDate = new Map(items.map((e) => [e.date, e]));
  return (
    <Row gutter={[12, 12]}>
      {Array.from({ length: 12 }, (_, m) => (
        <Col key={m} xs={12} lg={8} xl={6}>
          <Month year={year} month={m} byDate={byDate} lang={lang} />
        </Col>
      ))}
    </Row>
  );
}
