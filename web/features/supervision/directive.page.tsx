// /supervision/directives/:id — one week's directive list: its state, the meeting notes, each
// directive with its unit, person, deadline and (once issued) its supervision item; the list's
// actions the server offers (送审, the GM's 批准 or 退回, 下达) and, when issued, the report.
import { useEffect, useState, type HTMLAttributes } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Alert, Button, Card, Form, Input, List, Result, Space, Spin, Table, Typography } from 'antd';
import { ArrowLeftOutlined, BarChartOutlined, EditOutlined } from '@ant-design/icons';
import { PageHeader } from '../../components/page-header.js';
import { ApiError } from '../../lib/api.js';
import { formatDateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useApi } from '../../lib/use-api.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { useIsMobile } from '../../lib/media.js';
import { directivesApi, type DirectiveListDetail } from './directives.api.js';
import { ListStateTag } from './directives.tab.js';
import { useSupervisionLabels } from './supervision.labels.js';

type Directive = DirectiveListDetail['directives'][number];

function Actions({ list, onChange, reload }: { list: DirectiveListDetail; onChange(d: DirectiveListDetail): void; reload(): void }) {
  const { t, l } = useI18n();
  const fb = useFeedback();
  const [open, setOpen] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ability = list.abilities.find((a) => a.action === open);
  if (!list.abilities.length) return null;
  const run = async (action: string, opinion?: string) => {
    setBusy(true);
    try {
      const d = await directivesApi.act(list.id, { action, version: list.version, ...(opinion?.trim() && { opinion: opinion.trim() }) });
      fb.ok(t('supervision.action.done', { action: l(list.abilities.find((a) => a.action === action)?.label) }));
      setOpen(null);
      onChange(d);
    } catch (e) {
      fb.error(e, reload);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={t('supervision.action.title')} style={{ marginBottom: 16 }} data-testid="action-panel">
      <Space wrap>
        {list.abilities.map((a) => (
          <Button key={a.action} type="primary" ghost={open !== a.action && !a.backward} danger={a.backward} onClick={() => (a.opinion ? setOpen(open === a.action ? null : a.action) : void run(a.action))} loading={busy && !a.opinion} data-testid={`action-${a.action}`}>
            {l(a.label)}
          </Button>
        ))}
      </Space>
      {ability && (
        <Form layout="vertical" style={{ marginTop: 12 }} onFinish={(v: { opinion?: string }) => void run(ability.action, v.opinion)} data-testid={`action-form-${ability.action}`} key={ability.action}>
          <Form.Item name="opinion" label={t('supervision.action.opinion')} rules={ability.requires.includes('opinion') ? [{ required: true, whitespace: true, message: t('supervision.action.required', { field: t('supervision.action.opinion') }) }] : [{ max: 2000 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
          </Form.Item>
          <Button type="primary" danger={ability.backward} htmlType="submit" loading={busy}>
            {l(ability.label)}
          </Button>
        </Form>
      )}
    </Card>
  );
}

function Directives({ list }: { list: DirectiveListDetail }) {
  const { t } = useI18n();
  const mobile = useIsMobile();
  const navigate = useNavigate();
  const labels = useSupervisionLabels();
  const deadline = (d: Directive) => d.item?.deadline ?? d.deadline ?? (d.deadlineWorkingDays ? `${d.deadlineWorkingDays} ${t('supervision.desk.daysSuffix')}` : '—');
  const item = (d: Directive) =>
    d.item ? (
      <Link to={`/supervision/${d.item.id}`} onClick={(e) => e.stopPropagation()}>
        {d.item.number} · {d.item.state ? labels.state('assigned', d.item.state) : ''} · {d.item.progress}%
      </Link>
    ) : (
      <Typography.Text type="secondary">{t('supervision.dir.notIssued')}</Typography.Text>
    );
  const open = (d: Directive) => d.item && navigate(`/supervision/${d.item.id}`);
  if (mobile)
    return (
      <List
        dataSource={list.directives}
        rowKey="index"
        renderItem={(d) => (
          <List.Item style={{ display: 'block' }} data-testid="directive">
            <div>
              {d.index}. {d.text}
            </div>
            <div style={{ fontSize: 12, color: '#595959' }}>
              {[d.leadDepartmentName, d.leadPersonName, deadline(d)].filter(Boolean).join(' · ')}
            </div>
            <div style={{ fontSize: 12 }}>{item(d)}</div>
          </List.Item>
        )}
      />
    );
  return (
    <Table<Directive>
      rowKey="index"
      size="small"
      pagination={false}
      dataSource={list.directives}
      onRow={(d) => ({ onClick: () => open(d), style: { cursor: d.item ? 'pointer' : undefined }, 'data-testid': 'directive' }) as HTMLAttributes<HTMLElement>}
      columns={[
        { title: t('supervision.rep.no'), dataIndex: 'index', width: 56 },
        { title: t('supervision.dir.text'), dataIndex: 'text', render: (v: string) => <div style={{ whiteSpace: 'pre-wrap' }}>{v}</div> },
        { title: t('supervision.field.leadUnit'), key: 'unit', width: 150, render: (_, d) => [d.leadDepartmentName, d.leadPersonName].filter(Boolean).join(' · ') },
        { title: t('supervision.field.deadline'), key: 'deadline', width: 110, render: (_, d) => deadline(d) },
        { title: t('supervision.dir.item'), key: 'item', width: 220, render: (_, d) => item(d) },
      ]}
    />
  );
}

export default function DirectivePage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const navigate = useNavigate();
  const loaded = useApi(() => directivesApi.get(id), [id]);
  const [list, setList] = useState<DirectiveListDetail>();
  useEffect(() => setList(loaded.data), [loaded.data]);
  if (loaded.error) {
    const missing = loaded.error instanceof ApiError && (loaded.error.status === 404 || loaded.error.status === 403);
    return <Result status={missing ? '404' : 'error'} title={missing ? t('supervision.dir.notFound') : t('common.unexpectedError')} extra={<Button onClick={() => navigate('/supervision?tab=directives')}>{t('supervision.back')}</Button>} />;
  }
  if (!list || list.id !== id) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  const facts = [
    `${list.weekStart} ~ ${list.weekEnd}`,
    t('supervision.dir.drafted', { name: list.draftedBy.name }),
    list.approvedBy && t('supervision.dir.approvedBy', { name: list.approvedBy.name ?? '' }),
    list.issuedAt && t('supervision.dir.issuedAt', { at: formatDateTime(list.issuedAt) }),
    list.reports.length > 0 && t('supervision.dir.reportsSent', { n: list.reports.length }),
  ].filter(Boolean);
  return (
    <>
      <PageHeader
        title={<span data-testid="list-title">{list.title}</span>}
        sub={list.week}
        extra={
          <>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/supervision?tab=directives')}>
              {t('supervision.back')}
            </Button>
            {list.may.edit && (
              <Link to={`/supervision/directives/${list.id}/edit`}>
                <Button icon={<EditOutlined />}>{t('supervision.dir.edit')}</Button>
              </Link>
            )}
            {list.state === 'issued' && (
              <Link to={`/supervision/directives/${list.id}/report`}>
                <Button type="primary" icon={<BarChartOutlined />} data-testid="open-report">
                  {t('supervision.dir.openReport')}
                </Button>
              </Link>
            )}
          </>
        }
      />
      <Space size={[8, 4]} wrap style={{ marginBottom: 12 }}>
        <ListStateTag list={list} />
        <Typography.Text type="secondary">{facts.join(' · ')}</Typography.Text>
      </Space>
      {list.opinion && <Alert type={list.state === 'draft' ? 'warning' : 'info'} showIcon style={{ marginBottom: 12 }} message={`${t('supervision.action.opinion')}${t('supervision.colon')}${list.opinion}`} />}
      <Actions list={list} onChange={setList} reload={loaded.reload} />
      {list.meetingNote && (
        <Card size="small" title={t('supervision.dir.meetingNote')} style={{ marginBottom: 16 }}>
          <div style={{ whiteSpace: 'pre-wrap' }}>{list.meetingNote}</div>
        </Card>
      )}
      <Card size="small" title={`${t('supervision.dir.directives')}${t('common.paren', { x: list.directives.length })}`}>
        <Directives list={list} />
      </Card>
    </>
  );
}
