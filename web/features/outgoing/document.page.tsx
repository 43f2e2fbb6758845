// /outgoing/:id — one 发文: its header (issue number once allocated, state, kind, urgency,
// classification), the text as it will be printed, the trail with every opinion, the actions the
// server offers this person now, dispatch and receipt, versions and attachments, the .docx.
import { useMemo, useState } from 'react';
import { App, Alert, Button, Card, Col, Descriptions, Result, Row, Space, Tabs, Typography } from 'antd';
import { DownloadOutlined, EditOutlined, UserAddOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ClassificationTag } from '../../components/classification.js';
import { PageHeader } from '../../components/page-header.js';
import { ApiError } from '../../lib/api.js';
import { useI18n } from '../../lib/i18n.js';
import { useMe } from '../../lib/session.js';
import { useApi } from '../../lib/use-api.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { useIsMobile } from '../../lib/media.js';
import { OUTGOING_WORKFLOW, type OutgoingState } from '../../../common/workflow/outgoing.workflow.js';
import { ActionModal } from './action.modal.js';
import { DocumentAttachments } from '../../components/document-attachments.js';
import { DeliveriesSection } from './deliveries.section.js';
import { DocumentText } from './document-text.js';
import { outgoingApi, type Ability, type OutgoingDetail } from './outgoing.api.js';
import { IssueNumber, StateTag, UrgencyTag } from './outgoing.tags.js';
import { useDepartmentNames } from './register.data.js';
import { SignerModal } from './signer.modal.js';
import { Trail } from './trail.js';
import { VersionsPanel } from './versions.panel.js';

/** States in which the office director may name an authorised signer (OutgoingService.authoriseSigner). */
const SIGNER_STATES = ['office_review', 'proofreading', 'signoff'];
/** The office records receipts (DispatchService.DELIVERY_CONFIRMERS); the server decides, this only offers the button. */

function Header({ doc, departments, names }: { doc: OutgoingDetail; departments: Record<string, string>; names: Record<string, string> }) {
  const { t } = useI18n();
  const mobile = useIsMobile();
  const signoff = doc.signoff;
  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      {doc.issueNumber && (
        <div data-testid="issue-number" style={{ fontSize: mobile ? 22 : 28, fontWeight: 700, color: '#c00000', letterSpacing: 1, marginBottom: 8, fontFamily: 'serif' }}>
          {doc.issueNumber}
        </div>
      )}
      <Space size={4} wrap style={{ marginBottom: 8 }}>
        <StateTag state={doc.state} />
        <Typography.Text strong>{doc.docKind}</Typography.Text>
        <UrgencyTag urgency={doc.urgency} />
        <ClassificationTag level={doc.classification} />
        {doc.secrecyTerm && <Typography.Text type="secondary">★{doc.secrecyTerm}</Typography.Text>}
      </Space>
      <Descriptions size="small" column={mobile ? 1 : 2} colon>
        <Descriptions.Item label={t('out.issueNumber')}>
          <IssueNumber value={doc.issueNumber} />
        </Descriptions.Item>
        <Descriptions.Item label={t('out.department')}>
          {doc.draftingDepartmentId ? departments[doc.draftingDepartmentId] : '—'}
          {names[doc.createdBy] ? ` · ${names[doc.createdBy]}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('out.addressee')}>{doc.addressee || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('out.cc')}>{doc.cc || '—'}</Descriptions.Item>
        {doc.repliesTo && (
          <Descriptions.Item label={t('out.repliesTo')}>
            <Link to={`/outgoing/${doc.repliesTo.id}`}>
              {doc.repliesTo.number ? `${doc.repliesTo.number} ` : ''}
              {doc.repliesTo.title}
            </Link>
          </Descriptions.Item>
        )}
        {doc.countersignDepartments.length > 0 && (
          <Descriptions.Item label={t('out.countersignDepts')}>{doc.countersignDepartments.map((id) => departments[id] ?? id).join(t('out.listSep'))}</Descriptions.Item>
        )}
        {signoff && (
          <Descriptions.Item label={t('out.signoff')}>
            <span data-testid="signoff">{t('out.signoffLine', { approval: signoff.approval, name: signoff.signerName, date: signoff.signedOn })}</span>
          </Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}

function ActionPanel({ doc, onAct, onSigner }: { doc: OutgoingDetail; onAct(a: Ability): void; onSigner: (() => void) | null }) {
  const { t, l } = useI18n();
  const forward = doc.abilities.filter((a) => !a.backward);
  const backward = doc.abilities.filter((a) => a.backward);
  const stateLabel = l(OUTGOING_WORKFLOW.states[doc.state as OutgoingState], doc.state);
  const final = OUTGOING_WORKFLOW.states[doc.state as OutgoingState]?.final;
  return (
    <Card size="small" title={t('out.actions')} style={{ marginBottom: 16 }} data-testid="action-panel">
      {doc.abilities.length === 0 && !onSigner ? (
        <Typography.Text type="secondary">{final ? t('out.finished', { state: stateLabel }) : `${t('out.noActions')}（${t('out.waiting', { state: stateLabel })}）`}</Typography.Text>
      ) : (
        <Space wrap>
          {forward.map((a) => (
            <Button key={a.action} type="primary" onClick={() => onAct(a)}>
              {l(a.label)}
            </Button>
          ))}
          {backward.map((a) => (
            <Button key={a.action} danger onClick={() => onAct(a)}>
              {l(a.label)}
            </Button>
          ))}
          {onSigner && (
            <Button icon={<UserAddOutlined />} onClick={onSigner}>
              {t('out.authoriseSigner')}
            </Button>
          )}
        </Space>
      )}
    </Card>
  );
}

export default function OutgoingDocumentPage() {
  const { id = '' } = useParams();
  const { t, l } = useI18n();
  const me = useMe();
  const fb = useFeedback();
  const { modal } = App.useApp();
  const mobile = useIsMobile();
  const navigate = useNavigate();
  const departments = useDepartmentNames();
  const { data: loaded, error, reload } = useApi(() => outgoingApi.get(id), [id]);
  // The answer of an action is the new document: shown at once, without another round trip.
  const [fresh, setFresh] = useState<OutgoingDetail | null>(null);
  const doc = fresh && fresh.id === id && (!loaded || fresh.version >= loaded.version) ? fresh : loaded;
  const [acting, setActing] = useState<Ability | null>(null);
  const [naming, setNaming] = useState(false);
  const [downloading, setDownloading] = useState(false);
  const names = useMemo(() => {
    const m: Record<string, string> = Object.fromEntries((doc?.trail ?? []).map((s) => [s.actorId, s.actorName]));
    m[me.id] = me.name;
    return m;
  }, [doc, me]);

  if (error instanceof ApiError && error.status === 404) return <Result status="404" title="404" subTitle={t('common.notFound')} />;
  if (error) return <Alert type="error" showIcon message={error instanceof ApiError ? error.message : t('common.unexpectedError')} />;
  if (!doc) return <Card loading />;

  const refresh = () => {
    setFresh(null);
    reload();
  };
  const editable = doc.abilities.some((a) => a.action === 'submit');
  const mayName = me.roles.includes('office_director') && SIGNER_STATES.includes(doc.state);
  // Decided by the server (the posting office confirms receipts; whoever holds the step attaches).
  const mayConfirm = doc.may.confirmDelivery;
  const mayAttach = doc.may.attach;
  const docxReady = !!doc.issueNumber && !!doc.signoff;

  const done = (next: OutgoingDetail, action: string) => {
    setActing(null);
    setFresh(next);
    const label = l(OUTGOING_WORKFLOW.actions.find((a) => a.key === action)?.label, action);
    if (action === 'check_ok' && next.issueNumber) {
      modal.success({
        title: t('out.registeredTitle'),
        content: (
          <div>
            {t('out.registeredSub')}
            <div data-testid="allocated-number" style={{ fontSize: 26, fontWeight: 700, color: '#c00000', marginTop: 8 }}>
              {next.issueNumber}
            </div>
          </div>
        ),
      });
    } else fb.ok(t('out.actionDone', { action: label }));
  };

  const actionPanel = <ActionPanel doc={doc} onAct={setActing} onSigner={mayName ? () => setNaming(true) : null} />;
  const trail = (
    <Card size="small" title={t('out.trail')} style={{ marginBottom: 16 }}>
      <Trail trail={doc.trail} departments={departments} />
    </Card>
  );
  const tabs = [
    { key: 'versions', label: `${t('out.versions')}（${doc.versions.length}）`, children: <VersionsPanel versions={doc.versions} names={names} /> },
    { key: 'attachments', label: `${t('out.attachments')}（${doc.attachments.length}）`, children: <DocumentAttachments doc={doc} editable={mayAttach} onChanged={refresh} /> },
  ];

  return (
    <>
      <PageHeader
        title={<span style={{ wordBreak: 'break-word' }}>{doc.title}</span>}
        extra={
          <>
            {editable && (
              <Button icon={<EditOutlined />} onClick={() => navigate(`/outgoing/${doc.id}/edit`)}>
                {t('common.edit')}
              </Button>
            )}
            {docxReady && (
              <Button
                icon={<DownloadOutlined />}
                loading={downloading}
                href={outgoingApi.docxUrl(doc.id)}
                data-testid="docx"
                onClick={async (e) => {
                  e.preventDefault();
                  setDownloading(true);
                  try {
                    await outgoingApi.downloadDocx(doc);
                  } catch (err) {
                    fb.error(err);
                  } finally {
                    setDownloading(false);
                  }
                }}
              >
                {t('out.downloadDocx')}
              </Button>
            )}
          </>
        }
      />
      <Row gutter={16}>
        <Col xs={24} lg={16}>
          <Header doc={doc} departments={departments} names={names} />
          {mobile && actionPanel}
          <Card size="small" title={t('out.text.title')} style={{ marginBottom: 16 }}>
            <DocumentText title={doc.title} addressee={doc.addressee} body={doc.body} cc={doc.cc} />
          </Card>
          <DeliveriesSection doc={doc} mayConfirm={mayConfirm} onChanged={setFresh} onStale={refresh} />
          {mobile && trail}
          <Card size="small" style={{ marginBottom: 16 }} styles={{ body: { paddingTop: 0 } }}>
            <Tabs items={tabs} />
          </Card>
        </Col>
        {!mobile && (
          <Col xs={24} lg={8}>
            {actionPanel}
            {trail}
          </Col>
        )}
      </Row>
      <ActionModal doc={doc} ability={acting} onClose={() => setActing(null)} onDone={done} onStale={refresh} />
      <SignerModal
        doc={doc}
        open={naming}
        onClose={() => setNaming(false)}
        onDone={(next) => {
          setNaming(false);
          setFresh(next);
        }}
        onStale={refresh}
      />
    </>
  );
}
