// The 收文登记簿 as a printable sheet (A4), with the register's filters from the URL.
import { useNavigate, useSearchParams } from 'react-router-dom';
import type { CSSProperties } from 'react';
import { Button, Space, Spin } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { CLASSIFICATION_LABELS } from '../../../common/classification.js';
import { formatCount, formatDateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useApi } from '../../lib/use-api.js';
import { incomingApi, type IncomingItem, type ListFilter } from './incoming.api.js';
import { useDepartments, useIncomingLabels } from './incoming.labels.js';
import { NoPrint, PrintArea } from './print.js';
import { filterFromParams } from './register.tab.js';

/** A printed register stops at this many rows; narrower filters print the rest. */
const MAX_ROWS = 1000;
const PAGE = 200;

async function loadAll(filter: ListFilter): Promise<{ items: IncomingItem[]; total: number; totalCapped: boolean }> {
  const items: IncomingItem[] = [];
  let total = 0;
  let totalCapped = false;
  for (let before: string | undefined; items.length < MAX_ROWS; ) {
    const r = await incomingApi.list(filter, before, PAGE);
    items.push(...r.items);
    total = r.total;
    totalCapped = r.totalCapped;
    if (r.items.length < PAGE) break;
    before = r.items[r.items.length - 1].id;
  }
  return { items, total, totalCapped };
}

const cell: CSSProperties = { border: '1px solid #000', padding: '3px 4px', fontSize: 12, verticalAlign: 'top' };

export default function RegisterPrintPage() {
  const { t, l } = useI18n();
  const labels = useIncomingLabels();
  const depts = useDepartments();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const filter = filterFromParams(params);
  const data = useApi(() => Promise.all([loadAll(filter), incomingApi.company().catch(() => null)]), [params.toString()]);
  if (!data.data) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  const [{ items, total, totalCapped }, company] = data.data;
  const conditions = [
    filter.year && `${filter.year}`,
    filter.state && labels.state(filter.state),
    filter.urgency && labels.urgency(filter.urgency),
    filter.q && `“${filter.q}”`,
  ].filter(Boolean);
  const head = [
    t('incoming.field.incomingNumber'),
    t('incoming.field.receivedAt'),
    t('incoming.field.sender'),
    t('incoming.field.docNumber'),
    t('incoming.field.title'),
    t('incoming.field.classification'),
    t('incoming.field.urgency'),
    t('incoming.field.copies'),
    t('incoming.field.leadDepartment'),
    t('incoming.field.state'),
  ];
  return (
    <>
      <NoPrint style={{ marginBottom: 12 }}>
        <Space wrap>
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
            {t('incoming.back')}
          </Button>
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
            {t('incoming.print')}
          </Button>
          {(totalCapped || total > items.length) && <span style={{ color: '#cf1322' }}>{t('incoming.register.truncated', { n: items.length, total: formatCount(total, totalCapped) })}</span>}
        </Space>
      </NoPrint>
      <PrintArea testId="register-print" style={{ background: '#fff', padding: 16, overflowX: 'auto' }}>
        <h2 style={{ textAlign: 'center', margin: '0 0 4px', fontWeight: 600 }}>
          {company?.name ?? ''}
          {t('incoming.register.sheetTitle')}
        </h2>
        <div style={{ textAlign: 'center', fontSize: 12, marginBottom: 8 }}>
          {conditions.length ? conditions.join(' · ') : t('incoming.filter.all')} · {t('common.total', { n: formatCount(total, totalCapped) })}
        </div>
        <table style={{ borderCollapse: 'collapse', width: '100%', minWidth: 760 }}>
          <thead>
            <tr>
              {head.map((h) => (
                <th key={h} style={{ ...cell, background: '#f0f0f0', whiteSpace: 'nowrap' }}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.id}>
                <td style={{ ...cell, whiteSpace: 'nowrap' }}>{d.incomingNumber ?? '—'}</td>
                <td style={{ ...cell, whiteSpace: 'nowrap' }}>{formatDateTime(d.receivedAt).slice(0, 10)}</td>
                <td style={cell}>{d.sender}</td>
                <td style={cell}>{d.docNumber ?? ''}</td>
                <td style={cell}>{d.title}</td>
                <td style={{ ...cell, whiteSpace: 'nowrap' }}>{l(CLASSIFICATION_LABELS[d.classification])}</td>
                <td style={{ ...cell, whiteSpace: 'nowrap' }}>{labels.urgency(d.urgency)}</td>
                <td style={cell}>{d.copies ?? ''}</td>
                <td style={cell}>{depts.name(d.leadDepartmentId)}</td>
                <td style={{ ...cell, whiteSpace: 'nowrap' }}>{labels.state(d.state)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </PrintArea>
    </>
  );
}
