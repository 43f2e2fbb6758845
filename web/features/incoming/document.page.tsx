// /incoming/:id — the document: number, title, state, urgency and classification; its fields and
// parts; the opinions (拟办, 分管领导, 批示, results); the trail; the actions the server offers; the
// circulation; a meeting notice's time and place; links to the printable 办文单.
import { useEffect, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Button, Card, Descriptions, Result, Space, Spin, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, AuditOutlined, DownloadOutlined, FileTextOutlined, PaperClipOutlined, WarningOutlined } from '@ant-design/icons';
import { ClassificationTag } from '../../components/classification.js';
import { PageHeader } from '../../components/page-header.js';
import { api, ApiError } from '../../lib/api.js';
import { useCan } from '../../lib/ability.js';
import { formatDateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useApi } from '../../lib/use-api.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { useIsMobile } from '../../lib/media.js';
import { ActionPanel } from './action.panel.js';
import { CirculationPanel } from './circulation.panel.js';
import { incomingApi, type IncomingDetail } from './incoming.api.js';
import { StateTag, UrgencyTag, useDepartments } from './incoming.labels.js';
import { DocumentAttachments } from '../../components/document-attachments.js';
import { MeetingCard } from './meeting.card.js';
import { TrailTimeline } from './trail.timeline.js';

function Opinion({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div style={{ marginBottom: 12 }} data-testid={testId}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {label}
      </Typography.Text>
      <div style={{ whiteSpace: 'pre-wrap' }}>{children}</div>
    </div>
  );
}

/** 拟办, the leader's opinion, the GM's instruction (or only that there is one) and the results. */
export function Opinions({ doc, deptName }: { doc: IncomingDetail; deptName(id: string | null | undefined): string }) {
  const { t } = useI18n();
  const any = doc.proposal || doc.leaderOpinion || doc.instructed || doc.results.length || doc.returned;
  if (!any) return <Typography.Text type="secondary">{t('incoming.opinions.none')}</Typography.Text>;
  const r = doc.returned;
  return (
    <>
      {r && (
        <Opinion label={`${t('incoming.return.title')} · ${r.kind === 'coordinate_first' ? t('incoming.return.coordinateFirst') : t('incoming.return.nonCompliant')}`} testId="returned">
          <Typography.Text type="danger">{r.reasons}</Typography.Text>
          {r.coordinateWith.length > 0 && (
            <div>
              {t('incoming.return.coordinateWith')}
              {t('incoming.colon')}
              {r.coordinateWith.map((d) => d.name).join('、')}
            </div>
          )}
          <div style={{ fontSize: 12, color: '#8c8c8c' }}>
            {r.byName} · {formatDateTime(r.at)}
          </div>
        </Opinion>
      )}
      {doc.proposal && <Opinion label={t('incoming.field.proposal')}>{doc.proposal}</Opinion>}
      {doc.leaderOpinion && <Opinion label={t('incoming.field.leaderOpinion')}>{doc.leaderOpinion}</Opinion>}
      {doc.instructed && (
        <Opinion label={t('incoming.field.instruction')} testId="instruction">
          {doc.instruction ? (
            <>
              <Typography.Text strong style={{ color: '#a8071a' }}>
                {doc.instruction.text}
              </Typography.Text>
              <div style={{ fontSize: 12, color: '#8c8c8c' }}>
                {doc.instruction.byName} · {formatDateTime(doc.instruction.at)}
                {doc.instruction.ordersAction ? ` · ${t('incoming.action.ordersAction')}` : ''}
              </div>
            </>
          ) : (
            <Typography.Text type="secondary">{t('incoming.opinions.private')}</Typography.Text>
          )}
        </Opinion>
      )}
      {doc.results.map((r, i) => (
        <Opinion key={i} label={`${t('incoming.field.result')} · ${deptName(r.departmentId)}`}>
          {r.result}
          <div style={{ fontSize: 12, color: '#8c8c8c' }}>
            {r.byName} · {formatDateTime(r.at)}
          </div>
        </Opinion>
      ))}
    </>
  );
}

function Fields({ doc, deptName }: { doc: IncomingDetail; deptName(id: string | null | undefined): string }) {
  const { t } = useI18n();
  const sep = t('incoming.colon');
  const mobile = useIsMobile();
  const fb = useFeedback();
  const dash = (v: ReactNode) => (v === null || v === undefined || v === '' ? '—' : v);
  const check = doc.addresseeCheck;
  return (
    <Descriptions size="small" column={mobile ? 1 : 2} bordered={!mobile} labelStyle={{ width: mobile ? undefined : 110, whiteSpace: 'nowrap' }}>
      <Descriptions.Item label={t('incoming.field.incomingNumber')}>{dash(doc.incomingNumber)}</Descriptions.Item>
      <Descriptions.Item label={t('incoming.field.receivedAt')}>{formatDateTime(doc.receivedAt)}</Descriptions.Item>
      <Descriptions.Item label={t('incoming.field.sender')}>{doc.sender}</Descriptions.Item>
      <Descriptions.Item label={t('incoming.field.docNumber')}>{dash(doc.docNumber)}</Descriptions.Item>
      <Descriptions.Item label={t('incoming.field.docKind')}>{dash(doc.docKind)}</Descriptions.Item>
      <Descriptions.Item label={t('incoming.field.pagesCopies')}>
        {dash(doc.pages)} / {dash(doc.copies)}
      </Descriptions.Item>
      <Descriptions.Item label={t('incoming.field.deliveredBy')}>
        {doc.receipt.deliveredBy} · {t('incoming.receipt.signedBy')} {doc.receipt.signedBy}
      </Descriptions.Item>
      <Descriptions.Item label={t('incoming.field.addressee')}>
        {dash(doc.addressee)}
        {doc.envelopeAddressee && doc.envelopeAddressee !== doc.addressee ? `（${t('incoming.field.envelopeAddressee')}${sep}${doc.envelopeAddressee}）` : ''}
        {check?.flagged && (
          <div>
            <Tag color="warning" icon={<WarningOutlined />}>
              {t('incoming.desk.flagged')}
            </Tag>
            {check.note}
          </div>
        )}
      </Descriptions.Item>
      {doc.returnSlip.present && (
        <Descriptions.Item label={t('incoming.field.returnSlip')}>
          {doc.returnSlip.returnedAt ? t('incoming.returnSlip.returned', { by: doc.returnSlip.returnedBy ?? '', at: formatDateTime(doc.returnSlip.returnedAt) }) : <Typography.Text type="warning">{t('incoming.returnSlip.pending')}</Typography.Text>}
        </Descriptions.Item>
      )}
      {doc.envelopeFileId && (
        <Descriptions.Item label={t('incoming.desk.envelope')}>
          <a onClick={() => api.download(`/api/v1/attachments/${doc.envelopeFileId}/content`, 'envelope').catch((e) => fb.error(e))}>
            <PaperClipOutlined /> {t('incoming.desk.envelopeOpen')}
          </a>
        </Descriptions.Item>
      )}
      {(doc.leadDepartmentId || doc.deadline) && (
        <Descriptions.Item label={t('incoming.field.leadDepartment')}>
          {dash(deptName(doc.leadDepartmentId))}
          {doc.coDepartmentIds.length ? `（${t('incoming.field.coDepartments')}${sep}${doc.coDepartmentIds.map((d) => deptName(d)).join('、')}）` : ''}
        </Descriptions.Item>
      )}
      {doc.deadline && <Descriptions.Item label={t('incoming.field.deadline')}>{doc.deadline}</Descriptions.Item>}
      {doc.batch && <Descriptions.Item label={t('incoming.field.batch')}>{doc.batch.key}</Descriptions.Item>}
      {doc.secrecyTerm && <Descriptions.Item label={t('files.secrecyTerm')}>{doc.secrecyTerm}</Descriptions.Item>}
    </Descriptions>
  );
}

export default function DocumentPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const fb = useFeedback();
  const can = useCan();
  const mobile = useIsMobile();
  const navigate = useNavigate();
  const depts = useDepartments();
  const loaded = useApi(() => incomingApi.get(id), [id]);
  const [doc, setDoc] = useState<IncomingDetail>();
  useEffect(() => setDoc(loaded.data), [loaded.data]);

  if (loaded.error) {
    const missing = loaded.error instanceof ApiError && (loaded.error.status === 404 || loaded.error.status === 403);
    return <Result status={missing ? '404' : 'error'} title={missing ? t('incoming.notFound') : t('common.unexpectedError')} extra={<Button onClick={() => navigate('/incoming')}>{t('incoming.back')}</Button>} />;
  }
  if (!doc) return <Spin style={{ display: 'block', margin: '80px auto' }} />;

  const deptName = (d: string | null | undefined) => depts.name(d);
  const departments = depts.items.map((d) => ({ value: d.id, label: d.name }));
  const side = (
    <>
      {doc.meeting && <MeetingCard meeting={doc.meeting} />}
      <ActionPanel doc={doc} onChange={setDoc} reload={loaded.reload} />
      <CirculationPanel doc={doc} departments={departments} onTrail={loaded.reload} />
    </>
  );
  const exportSlip = () => incomingApi.exportSlip(doc).catch((e) => fb.error(e));

  return (
    <>
      <PageHeader
        title={<span data-testid="document-title">{doc.title || t('incoming.untitled')}</span>}
        sub={[doc.incomingNumber, doc.sender, doc.docNumber].filter(Boolean).join(' · ')}
        extra={
          <>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
              {t('incoming.back')}
            </Button>
            <Link to={`/incoming/${doc.id}/slip`}>
              <Button icon={<FileTextOutlined />}>{t('incoming.slip.open')}</Button>
            </Link>
            <Button icon={<DownloadOutlined />} onClick={() => void exportSlip()}>
              {t('incoming.slip.export')}
            </Button>
            {/* 转督办: the supervision desk prefills the source and title from these parameters. */}
            {can('supervision.manage') && (
              <Button icon={<AuditOutlined />} onClick={() => navigate(`/supervision/new?${new URLSearchParams({ source: 'incoming_document', sourceId: doc.id, title: doc.title ?? '' })}`)} data-testid="to-supervision">
                {t('incoming.toSupervision')}
              </Button>
            )}
          </>
        }
      />
      <Space size={[6, 6]} wrap style={{ marginBottom: 16 }} data-testid="document-tags">
        <StateTag state={doc.state} />
        <UrgencyTag urgency={doc.urgency} />
        <ClassificationTag level={doc.classification} />
        {doc.docKind && <Tag>{doc.docKind}</Tag>}
        {doc.internal && <Tag color="geekblue">{t('incoming.internalTag')}</Tag>}
        {doc.addresseeCheck?.flagged && <Tag color="warning">{t('incoming.desk.flagged')}</Tag>}
        {doc.deadline && doc.state === 'handling' && <Tag color="purple">{t('incoming.deadlineTag', { date: doc.deadline })}</Tag>}
      </Space>
      <div style={{ display: 'grid', gridTemplateColumns: mobile ? '1fr' : 'minmax(0, 3fr) minmax(300px, 2fr)', gap: 16, alignItems: 'start' }}>
        <div style={{ minWidth: 0 }}>
          {mobile && side}
          <Card size="small" title={t('incoming.section.fields')} style={{ marginBottom: 16 }}>
            <Fields doc={doc} deptName={deptName} />
          </Card>
          <Card size="small" title={t('incoming.section.opinions')} style={{ marginBottom: 16 }}>
            <Opinions doc={doc} deptName={deptName} />
          </Card>
          {(doc.body || doc.parts.length > 0) && (
            <Card size="small" title={t('incoming.section.text')} style={{ marginBottom: 16 }}>
              {doc.parts.length > 0 && (
                <div style={{ marginBottom: doc.body ? 12 : 0 }}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('incoming.desk.parts')}
                  </Typography.Text>
                  <ol style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
                    {doc.parts.map((p, i) => (
                      <li key={i}>
                        {p.title}
                        {p.pages ? `（${t('incoming.pagesN', { n: p.pages })}）` : ''}
                      </li>
                    ))}
                  </ol>
                </div>
              )}
              {doc.body && <div style={{ whiteSpace: 'pre-wrap', lineHeight: 1.8 }}>{doc.body}</div>}
            </Card>
          )}
          <Card size="small" title={`${t('incoming.section.attachments')}（${doc.attachments.length}）`} style={{ marginBottom: 16 }}>
            {/* Whoever holds the document's current step may add files (the server checks it again). */}
            <DocumentAttachments doc={doc} editable={doc.abilities.length > 0} onChanged={loaded.reload} />
          </Card>
          <Card size="small" title={t('incoming.section.trail')} style={{ marginBottom: 16 }}>
            <TrailTimeline trail={doc.trail} deptName={deptName} />
          </Card>
        </div>
        {!mobile && <div style={{ minWidth: 0 }}>{side}</div>}
      </div>
    </>
  );
}
