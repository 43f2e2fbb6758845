// /supervision/directives/:id/report — 指令落实情况 (seed 五 5.12): each directive done, on track or
// late as of a day (today unless ?asOf= names another), with the reason for a late one (the unit's
// extension request, else its latest progress report); printable (A4), as .xlsx and .docx, and the
// office sends it to the GM from here.
import type { HTMLAttributes } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { App, Button, Card, DatePicker, List, Result, Space, Spin, Table, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, FileExcelOutlined, FileWordOutlined, PrinterOutlined, SendOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { PageHeader } from '../../components/page-header.js';
import { useCan } from '../../lib/ability.js';
import { formatDateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useApi } from '../../lib/use-api.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { useIsMobile } from '../../lib/media.js';
import { NoPrint, PrintArea } from '../incoming/print.js';
import { directivesApi, type DirectiveStatus, type ReportRow } from './directives.api.js';

const STATUS_COLORS: Record<DirectiveStatus, string> = { done: 'success', on_track: 'processing', late: 'error' };

function Status({ row, label }: { row: ReportRow; label: string }) {
  const { t } = useI18n();
  return (
    <div data-testid="report-status">
      <Tag color={STATUS_COLORS[row.status]} style={{ marginInlineEnd: 0 }}>
        {label}
      </Tag>
      {row.daysLate > 0 && <div style={{ fontSize: 12, color: '#cf1322' }}>{t('supervision.rep.daysLate', { n: row.daysLate })}</div>}
      {row.completedOn && <div style={{ fontSize: 12, color: '#8c8c8c' }}>{t('supervision.rep.doneOn', { date: row.completedOn })}</div>}
    </div>
  );
}

function Reason({ row }: { row: ReportRow }) {
  const { t } = useI18n();
  const text = row.reason ?? row.latestReport?.text ?? null;
  if (!text) return <Typography.Text type="secondary">—</Typography.Text>;
  const source = row.reasonSource === 'extension' ? t('supervision.rep.byExtension') : t('supervision.rep.byReport');
  return (
    <div data-testid="report-reason">
      <div style={{ whiteSpace: 'pre-wrap', color: row.reason ? '#a8071a' : undefined }}>{text}</div>
      <div style={{ fontSize: 12, color: '#8c8c8c' }}>
        {source}
        {row.chases > 0 ? ` · ${t('supervision.rep.chases', { n: row.chases })}` : ''}
      </div>
    </div>
  );
}

export default function DirectiveReportPage() {
  const { id = '' } = useParams();
  const { t, l } = useI18n();
  const fb = useFeedback();
  const can = useCan();
  const mobile = useIsMobile();
  const { modal } = App.useApp();
  const [params, setParams] = useSearchParams();
  const asOf = params.get('asOf') ?? undefined;
  const loaded = useApi(() => directivesApi.report(id, asOf), [id, asOf]);
  const rep = loaded.data;
  if (loaded.error) return <Result status="warning" title={(loaded.error as Error).message || t('supervision.rep.notIssued')} extra={<Link to={`/supervision/directives/${id}`}><Button>{t('supervision.back')}</Button></Link>} />;
  if (!rep) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  const label = (s: DirectiveStatus) => l(rep.statusLabels[s], s);
  const c = rep.counts;
  const send = () =>
    modal.confirm({
      title: t('supervision.rep.send'),
      content: t('supervision.rep.counts', { total: c.total, done: c.done, doneLate: c.doneLate, onTrack: c.on_track, late: c.late }),
      onOk: async () => {
        try {
          await directivesApi.send(id);
          fb.ok(t('supervision.rep.sent'));
        } catch (e) {
          fb.error(e);
        }
      },
    });
  const download = (ext: 'xlsx' | 'docx') => directivesApi.download(id, rep.week, ext, asOf).catch((e) => fb.error(e));

  return (
    <>
      <NoPrint>
        <PageHeader
          title={t('supervision.rep.title')}
          sub={`${rep.title} · ${rep.week}`}
          extra={
            <>
              <Link to={`/supervision/directives/${id}`}>
                <Button icon={<ArrowLeftOutlined />}>{t('supervision.back')}</Button>
              </Link>
              {can('supervision.manage') && (
                <Button type="primary" icon={<SendOutlined />} onClick={send} data-testid="send-report">
                  {t('supervision.rep.send')}
                </Button>
              )}
            </>
          }
        />
        <Space wrap style={{ marginBottom: 12 }}>
          <span>{t('supervision.rep.asOf')}</span>
          <DatePicker value={dayjs(rep.asOf)} allowClear={false} onChange={(d) => d && setParams({ asOf: d.format('YYYY-MM-DD') }, { replace: true })} data-testid="report-as-of" />
          <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
            {t('supervision.rep.print')}
          </Button>
          <Button icon={<FileExcelOutlined />} onClick={() => void download('xlsx')} data-testid="report-xlsx">
            {t('supervision.rep.xlsx')}
          </Button>
          <Button icon={<FileWordOutlined />} onClick={() => void download('docx')} data-testid="report-docx">
            {t('supervision.rep.docx')}
          </Button>
        </Space>
      </NoPrint>
      <Card size="small" styles={{ body: { padding: mobile ? 8 : 16 } }}>
        <PrintArea testId="directive-report">
          <div style={{ textAlign: 'center', fontSize: mobile ? 18 : 22, fontWeight: 600, letterSpacing: mobile ? 2 : 6 }}>{t('supervision.rep.title')}</div>
          <div style={{ textAlign: 'center', color: '#595959', marginBottom: 8 }}>
            {rep.title}（{rep.weekStart} ~ {dayjs(rep.weekStart).add(6, 'day').format('YYYY-MM-DD')}）· {t('supervision.rep.asOf')} {rep.asOf}
          </div>
          <Typography.Paragraph style={{ marginBottom: 12 }} data-testid="report-counts">
            {t('supervision.rep.counts', { total: c.total, done: c.done, doneLate: c.doneLate, onTrack: c.on_track, late: c.late })}
          </Typography.Paragraph>
          {mobile ? (
            <List
              dataSource={rep.rows}
              rowKey="index"
              renderItem={(r) => (
                <List.Item style={{ display: 'block' }} data-testid="report-row">
                  <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                    <span>
                      {r.index}. {r.text}
                    </span>
                    <Status row={r} label={label(r.status)} />
                  </div>
                  <div style={{ fontSize: 12, color: '#595959' }}>{[r.leadDepartmentName, r.leadPersonName, r.deadline, r.number].filter(Boolean).join(' · ')}</div>
                  {(r.reason || r.latestReport) && <Reason row={r} />}
                </List.Item>
              )}
            />
          ) : (
            <Table<ReportRow>
              rowKey="index"
              size="small"
              bordered
              pagination={false}
              dataSource={rep.rows}
              onRow={() => ({ 'data-testid': 'report-row' }) as HTMLAttributes<HTMLElement>}
              columns={[
                { title: t('supervision.rep.no'), dataIndex: 'index', width: 52, align: 'center' },
                {
                  title: t('supervision.dir.text'),
                  key: 'text',
                  render: (_, r) => (
                    <>
                      <div style={{ whiteSpace: 'pre-wrap' }}>{r.text}</div>
                      {r.itemId && (
                        <Link to={`/supervision/${r.itemId}`} style={{ fontSize: 12 }}>
                          {r.number}
                        </Link>
                      )}
                    </>
                  ),
                },
                { title: t('supervision.field.leadUnit'), key: 'unit', width: 120, render: (_, r) => [r.leadDepartmentName, r.leadPersonName].filter(Boolean).join(' · ') },
                {
                  title: t('supervision.field.deadline'),
                  key: 'deadline',
                  width: 110,
                  render: (_, r) => (
                    <>
                      {r.deadline}
                      {r.originalDeadline && r.originalDeadline !== r.deadline && <div style={{ fontSize: 12, color: '#8c8c8c' }}>{t('common.paren', { x: r.originalDeadline }).trim()}</div>}
                    </>
                  ),
                },
                { title: t('supervision.field.progress'), key: 'progress', width: 64, align: 'center', render: (_, r) => `${r.progress}%` },
                { title: t('supervision.rep.status'), key: 'status', width: 110, render: (_, r) => <Status row={r} label={label(r.status)} /> },
                { title: t('supervision.rep.reason'), key: 'reason', width: 260, render: (_, r) => <Reason row={r} /> },
              ]}
            />
          )}
          <div style={{ textAlign: 'right', fontSize: 12, color: '#8c8c8c', marginTop: 8 }}>{t('supervision.rep.compiledAt', { at: formatDateTime(rep.compiledAt) })}</div>
        </PrintArea>
      </Card>
    </>
  );
}
