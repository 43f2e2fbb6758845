// 审计日志 (auditor only): search the append-only log, export what was found as .xlsx, and verify
// the hash chain; the result names the first broken entry when there is one.
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Form, List, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { DownloadOutlined, SafetyOutlined } from '@ant-design/icons';
import { AUDIT_OUTCOME_LABELS } from '../../../common/labels.js';
import { PageHeader } from '../../components/page-header.js';
import { formatDateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { useIsMobile } from '../../lib/media.js';
import { auditApi, type AuditEntry, type AuditFilter, type VerifyResult } from './audit.api.js';
import { AuditFilters } from './audit-filters.js';

const PAGE = 50;
const OUTCOME_COLORS: Record<string, string> = { ok: 'green', refused: 'orange', failed: 'red', invalid: 'gold', conflict: 'purple', error: 'magenta' };

function Outcome({ o }: { o: string }) {
  const { l } = useI18n();
  return <Tag color={OUTCOME_COLORS[o]}>{l(AUDIT_OUTCOME_LABELS[o as keyof typeof AUDIT_OUTCOME_LABELS], o)}</Tag>;
}

function Details({ e }: { e: AuditEntry }) {
  const { t } = useI18n();
  return (
    <div style={{ fontSize: 12 }}>
      <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{JSON.stringify(e.details, null, 2)}</pre>
      <div style={{ marginTop: 6, fontFamily: 'monospace', wordBreak: 'break-all', color: '#8c8c8c' }}>
        {t('audit.hash')}: {e.hash ?? t('audit.unsealed')}
        <br />
        {t('audit.prevHash')}: {e.prevHash ?? '—'}
      </div>
    </div>
  );
}

export default function AuditPage() {
  const { t } = useI18n();
  const fb = useFeedback();
  const mobile = useIsMobile();
  const [form] = Form.useForm();
  const [filter, setFilter] = useState<AuditFilter>({});
  const [items, setItems] = useState<AuditEntry[]>([]);
  const [more, setMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [exporting, setExporting] = useState(false);
  const [verifying, setVerifying] = useState(false);
  const [verify, setVerify] = useState<VerifyResult | null>(null);

  const load = useCallback(
    async (beforeSeq?: number) => {
      setLoading(true);
      try {
        const r = await auditApi.search(filter, beforeSeq, PAGE);
        setItems((old) => (beforeSeq ? [...old, ...r.items] : r.items));
        setMore(r.items.length === PAGE);
      } catch (e) {
        fb.error(e);
      } finally {
        setLoading(false);
      }
    },
    [filter],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const byActor = (e: AuditEntry) => {
    if (!e.actorId) return;
    form.setFieldValue('actorId', e.actorId);
    setFilter((f) => ({ ...f, actorId: e.actorId }));
  };

  const actor = (e: AuditEntry) =>
    e.actorId ? (
      <Tooltip title={t('audit.filterByActor')}>
        <a onClick={() => byActor(e)}>{e.actorName ?? e.actorId}</a>
      </Tooltip>
    ) : (
      <Typography.Text type="secondary">{e.actorName ?? t('audit.anonymous')}</Typography.Text>
    );

  return (
    <>
      <PageHeader
        title={t('nav.audit')}
        extra={
          <>
            <Button
              icon={<SafetyOutlined />}
              loading={verifying}
              onClick={async () => {
                setVerifying(true);
                try {
                  setVerify(await auditApi.verify());
                } catch (e) {
                  fb.error(e);
                } finally {
                  setVerifying(false);
                }
              }}
            >
              {t('audit.verify')}
            </Button>
            <Button
              icon={<DownloadOutlined />}
              loading={exporting}
              onClick={async () => {
                setExporting(true);
                try {
                  await auditApi.export(filter);
                } catch (e) {
                  fb.error(e);
                } finally {
                  setExporting(false);
                }
              }}
            >
              {t('audit.export')}
            </Button>
          </>
        }
      />
      {verify && (
        <Alert
          data-testid="verify-result"
          closable
          onClose={() => setVerify(null)}
          style={{ marginBottom: 16 }}
          showIcon
          type={verify.ok ? 'success' : 'error'}
          message={verify.ok ? t('audit.verifyOk', { n: verify.checked }) : t('audit.verifyBroken')}
          description={
            verify.ok
              ? verify.unsealed
                ? t('audit.verifyUnsealed', { n: verify.unsealed })
                : undefined
              : t('audit.firstBroken', { seq: verify.firstBroken?.seq ?? '—', chain: verify.firstBroken?.chainNo ?? '—', reason: verify.firstBroken?.reason ?? '' })
          }
        />
      )}
      <Card size="small" styles={{ body: { padding: mobile ? 8 : 12 } }}>
        <AuditFilters mobile={mobile} form={form} onSearch={setFilter} />
        {mobile ? (
          <List
            loading={loading}
            dataSource={items}
            rowKey="seq"
            renderItem={(e) => (
              <Card size="small" style={{ marginBottom: 8 }}>
                <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                  <Typography.Text strong style={{ wordBreak: 'break-all' }}>
                    {e.action}
                  </Typography.Text>
                  <Outcome o={e.outcome} />
                </div>
                <div style={{ fontSize: 12, color: '#595959' }}>
                  #{e.seq} · {formatDateTime(e.at, true)} · {actor(e)} · {e.ip}
                </div>
                {e.recordType && (
                  <div style={{ fontSize: 12, color: '#8c8c8c', wordBreak: 'break-all' }}>
                    {e.recordType} {e.recordId}
                  </div>
                )}
              </Card>
            )}
          />
        ) : (
          <Table<AuditEntry>
            rowKey="seq"
            size="small"
            loading={loading}
            dataSource={items}
            pagination={false}
            scroll={{ x: 1100 }}
            expandable={{ expandedRowRender: (e) => <Details e={e} /> }}
            columns={[
              { title: t('audit.seq'), dataIndex: 'seq', width: 70 },
              { title: t('audit.at'), dataIndex: 'at', width: 170, render: (v: string) => formatDateTime(v, true) },
              { title: t('audit.actor'), key: 'actor', width: 110, render: (_, e) => actor(e) },
              { title: 'IP', dataIndex: 'ip', width: 120 },
              { title: t('audit.action'), dataIndex: 'action', width: 230, ellipsis: true },
              { title: t('audit.record'), key: 'record', ellipsis: true, render: (_, e) => (e.recordType ? `${e.recordType} ${e.recordId ?? ''}` : '—') },
              { title: t('audit.outcome'), dataIndex: 'outcome', width: 90, render: (o: string) => <Outcome o={o} /> },
              {
                title: t('audit.hash'),
                dataIndex: 'hash',
                width: 110,
                render: (h: string | null) => (h ? <Typography.Text code>{h.slice(0, 10)}</Typography.Text> : <Typography.Text type="secondary">{t('audit.unsealed')}</Typography.Text>),
              },
            ]}
          />
        )}
        {more && (
          <div style={{ textAlign: 'center', marginTop: 12 }}>
            <Button loading={loading} onClick={() => void load(items[items.length - 1]?.seq)}>
              {t('common.loadMore')}
            </Button>
          </div>
        )}
      </Card>
    </>
  );
}
