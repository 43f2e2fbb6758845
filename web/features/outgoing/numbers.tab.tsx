// 文号台账: every issue number of a year, used or voided with its reason; the ledger is checked for
// gaps here too, so a missing number would be seen at once rather than explained later.
import { useState } from 'react';
import { Alert, Card, Empty, List, Select, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useApi } from '../../lib/use-api.js';
import { useIsMobile } from '../../lib/media.js';
import { ApiError } from '../../lib/api.js';
import { formatIssueNumber } from './outgoing.kinds.js';
import { outgoingApi, type NumberEntry } from './outgoing.api.js';
import { thisYear, yearOptions } from './register.data.js';

/** The roles the server opens the ledger to (OutgoingService.ledger). */
export const OFFICE_ROLES: readonly string[] = ['office_director', 'secretary'];

export function missingNumbers(items: readonly NumberEntry[]): number[] {
  const have = new Set(items.map((n) => n.number));
  const max = Math.max(0, ...have);
  const gaps: number[] = [];
  for (let n = 1; n <= max; n++) if (!have.has(n)) gaps.push(n);
  return gaps;
}

function StateOf({ n }: { n: NumberEntry }) {
  const { t } = useI18n();
  return n.state === 'voided' ? <Tag color="red">{t('out.numberVoided')}</Tag> : <Tag color="green">{t('out.numberUsed')}</Tag>;
}

export function NumbersLedger() {
  const { t } = useI18n();
  const mobile = useIsMobile();
  const [year, setYear] = useState(thisYear());
  const { data, loading, error } = useApi(() => outgoingApi.numbers(year), [year]);
  const items = data?.items ?? [];
  const text = (n: number) => (data?.orgCode ? formatIssueNumber(data.orgCode, year, n) : String(n));
  const gaps = missingNumbers(items);
  const voided = items.filter((n) => n.state === 'voided').length;
  const doc = (n: NumberEntry) =>
    n.documentId ? <Link to={`/outgoing/${n.documentId}`}>{n.title ?? t('out.numberClassified')}</Link> : <Typography.Text type="secondary">—</Typography.Text>;

  if (error instanceof ApiError && error.status === 403) return <Alert type="info" showIcon message={t('out.numbersOnlyOffice')} />;
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          value={year}
          onChange={setYear}
          style={{ width: 110 }}
          options={yearOptions()}
        />
        <Typography.Text strong>{t('out.numbersYear', { year })}</Typography.Text>
      </Space>
      {!loading && (
        <Alert
          data-testid="numbers-check"
          style={{ marginBottom: 12 }}
          showIcon
          type={gaps.length ? 'error' : items.length ? 'success' : 'info'}
          message={
            gaps.length
              ? t('out.numbersGap', { list: gaps.map(text).join(t('out.listSep')) })
              : items.length
                ? t('out.numbersContiguous', { n: items.length, used: items.length - voided, voided })
                : t('out.numbersNone')
          }
        />
      )}
      {mobile ? (
        <List
          loading={loading}
          dataSource={items}
          rowKey="number"
          locale={{ emptyText: <Empty description={t('out.numbersNone')} /> }}
          renderItem={(n) => (
            <Card size="small" style={{ marginBottom: 8 }}>
              <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                <Typography.Text strong>{text(n.number)}</Typography.Text>
                <StateOf n={n} />
              </div>
              <div>{doc(n)}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(n.allocatedAt)}
                {n.voidedAt ? ` → ${formatDateTime(n.voidedAt)}` : ''}
              </Typography.Text>
              {n.voidReason && <div style={{ color: '#cf1322' }}>{t('out.voidReason')}
                  {t('out.colon')}
                  {n.voidReason}</div>}
            </Card>
          )}
        />
      ) : (
        <Table<NumberEntry>
          rowKey="number"
          size="middle"
          loading={loading}
          dataSource={items}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{ emptyText: <Empty description={t('out.numbersNone')} /> }}
          columns={[
            { title: t('out.issueNumber'), dataIndex: 'number', width: 210, render: (v: number) => text(v) },
            { title: t('out.state'), dataIndex: 'state', width: 90, render: (_: string, n) => <StateOf n={n} /> },
            { title: t('out.numberDoc'), key: 'doc', ellipsis: true, render: (_, n) => doc(n) },
            { title: t('out.allocatedAt'), dataIndex: 'allocatedAt', width: 150, render: (v: string) => formatDateTime(v) },
            { title: t('out.voidedAt'), dataIndex: 'voidedAt', width: 150, render: (v: string | null) => formatDateTime(v) || '—' },
            { title: t('out.voidReason'), dataIndex: 'voidReason', width: 220, render: (v: string | null) => v ?? '—' },
          ]}
        />
      )}
    </>
  );
}
