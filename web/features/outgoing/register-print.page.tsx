// 发文登记簿, printable: a plain ruled table on white; printing hides the app's menu and header.
import { Button, Space, Spin, Typography } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { CLASSIFICATION_LABELS } from '../../../common/classification.js';
import { OUTGOING_WORKFLOW, type OutgoingState } from '../../../common/workflow/outgoing.workflow.js';
import { formatDateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import type { OutgoingSummary } from './outgoing.api.js';
import { urgencyKey } from './outgoing.tags.js';
import { useDepartmentNames, useRegister, useRegisterFilter } from './register.data.js';

const PRINT_CSS = `
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  .ant-layout-sider, .ant-layout-header, .no-print { display: none !important; }
  .ant-layout, .ant-layout-content { background: #fff !important; padding: 0 !important; }
}
.register-sheet { width: 100%; border-collapse: collapse; font-size: 13px; background: #fff; }
.register-sheet th, .register-sheet td { border: 1px solid #595959; padding: 4px 6px; vertical-align: top; }
.register-sheet th { background: #fafafa; font-weight: 600; white-space: nowrap; }
`;

/** A register reads in number order: numbered documents by year and number, then the rest as drafted. */
function byNumber(items: readonly OutgoingSummary[]): OutgoingSummary[] {
  const key = (d: OutgoingSummary) => {
    const m = /〔(\d+)〕(\d+)号$/.exec(d.issueNumber ?? '');
    return m ? [0, Number(m[1]), Number(m[2])] : [1, 0, 0];
  };
  return [...items].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || a.createdAt.localeCompare(b.createdAt);
  });
}

export default function RegisterPrintPage() {
  const { t, l } = useI18n();
  const navigate = useNavigate();
  const [filter] = useRegisterFilter();
  const { items, loading } = useRegister(filter);
  const departments = useDepartmentNames();
  const subtitle = [filter.year ? t('calendar.yearLabel', { year: filter.year }) : t('out.allYears'), filter.docKind, filter.state && l(OUTGOING_WORKFLOW.states[filter.state as OutgoingState]), filter.q]
    .filter(Boolean)
    .join(' · ');
  return (
    <div style={{ background: '#fff', padding: 16, overflowX: 'auto' }}>
      <style>{PRINT_CSS}</style>
      <Space className="no-print" style={{ marginBottom: 16 }}>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
          {t('out.back')}
        </Button>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          {t('out.print')}
        </Button>
      </Space>
      <Typography.Title level={3} style={{ textAlign: 'center', marginBottom: 4 }}>
        {t('out.registerTitle')}
      </Typography.Title>
      <div style={{ textAlign: 'center', marginBottom: 12, color: '#595959' }}>
        {subtitle} · {t('out.registerCount', { n: items.length })} · {t('out.registerPrintedAt', { at: formatDateTime(new Date().toISOString()) })}
      </div>
      {loading ? (
        <Spin style={{ display: 'block', margin: 40 }} />
      ) : (
        <table className="register-sheet" data-testid="register-sheet">
          <thead>
            <tr>
              <th>#</th>
              <th>{t('out.issueNumber')}</th>
              <th>{t('out.docTitle')}</th>
              <th>{t('out.kind')}</th>
              <th>{t('out.classification')}</th>
              <th>{t('out.urgency')}</th>
              <th>{t('out.department')}</th>
              <th>{t('out.createdAt')}</th>
              <th>{t('out.state')}</th>
            </tr>
          </thead>
          <tbody>
            {byNumber(items).map((d, i) => (
              <tr key={d.id}>
                <td>{i + 1}</td>
                <td style={{ whiteSpace: 'nowrap' }}>{d.issueNumber ?? '—'}</td>
                <td>{d.title}</td>
                <td style={{ whiteSpace: 'nowrap' }}>{d.docKind}</td>
                <td style={{ whiteSpace: 'nowrap' }}>{l(CLASSIFICATION_LABELS[d.classification])}</td>
                <td style={{ whiteSpace: 'nowrap' }}>{t(urgencyKey(d.urgency))}</td>
                <td>{d.draftingDepartmentId ? departments[d.draftingDepartmentId] : ''}</td>
                <td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(d.createdAt).slice(0, 10)}</td>
                <td style={{ whiteSpace: 'nowrap' }}>{l(OUTGOING_WORKFLOW.states[d.state as OutgoingState], d.state)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
