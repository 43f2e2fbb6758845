// /incoming/:id/slip — the 办文单 (processing slip, seed 二 3.3) as a printable A4 sheet: the
// 收文章 (unit, number, date; seed 3.2), the document's particulars, 拟办, the leader's opinion,
// the GM's instruction, handling and results; plus the same slip as .xlsx.
import type { CSSProperties, ReactNode } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Button, Result, Space, Spin } from 'antd';
import { ArrowLeftOutlined, DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { CLASSIFICATION_LABELS } from '../../../common/classification.js';
import { formatDateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useApi } from '../../lib/use-api.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { incomingApi, type IncomingDetail, type Stamp } from './incoming.api.js';
import { useDepartments, useIncomingLabels } from './incoming.labels.js';
import { NoPrint, PrintArea } from './print.js';

const RED = '#c00000';
const cell: CSSProperties = { border: '1px solid #000', padding: '6px 8px', verticalAlign: 'top', fontSize: 14, lineHeight: 1.7 };
const label: CSSProperties = { ...cell, width: 96, textAlign: 'center', verticalAlign: 'middle', fontWeight: 600, whiteSpace: 'nowrap' };

/** 收文章: the server's stamp when it gives one, else made from the document's own fields. */
export function stampOf(doc: IncomingDetail, unit: string): Stamp {
  return doc.stamp ?? { unit, number: doc.incomingNumber, date: formatDateTime(doc.receivedAt).slice(0, 10) };
}

export function ReceivingStamp({ stamp }: { stamp: Stamp }) {
  const { t } = useI18n();
  const box: CSSProperties = { border: `1.5px solid ${RED}`, padding: '2px 8px', textAlign: 'center', color: RED, fontSize: 13, lineHeight: 1.5 };
  return (
    <div data-testid="receiving-stamp" style={{ display: 'inline-grid', gridTemplateColumns: 'auto auto', border: `2px solid ${RED}`, color: RED, minWidth: 220 }}>
      <div style={{ ...box, gridColumn: 'span 2', fontWeight: 600, letterSpacing: 2 }}>{stamp.unit}</div>
      <div style={box}>{t('incoming.stamp.number')}</div>
      <div style={{ ...box, fontFamily: 'inherit' }}>{stamp.number ?? '—'}</div>
      <div style={box}>{t('incoming.stamp.date')}</div>
      <div style={box}>{stamp.date}</div>
    </div>
  );
}

/** Who wrote a step of the trail and when, for the slip's signature lines. */
function signed(doc: IncomingDetail, action: string): string {
  const s = [...doc.trail].reverse().find((x) => x.action === action);
  return s ? `${s.actorName}　${formatDateTime(s.at).slice(0, 10)}` : '';
}

function Row({ name, children, height }: { name: string; children: ReactNode; height?: number }) {
  return (
    <tr>
      <td style={label}>{name}</td>
      <td style={{ ...cell, height }} colSpan={3}>
        {children}
      </td>
    </tr>
  );
}

function Signature({ text }: { text: string }) {
  return text ? <div style={{ textAlign: 'right', fontSize: 12, marginTop: 4 }}>{text}</div> : null;
}

export function Slip({ doc, unit }: { doc: IncomingDetail; unit: string }) {
  const { t, l } = useI18n();
  const sep = t('incoming.colon');
  const labels = useIncomingLabels();
  const depts = useDepartments();
  const parts = doc.parts.map((p) => `${p.title}${p.pages ? `（${t('incoming.pagesN', { n: p.pages })}）` : ''}`).join('；');
  const notes = [
    parts && `${t('incoming.desk.parts')}${sep}${parts}`,
    doc.addresseeCheck?.flagged && `${t('incoming.desk.flagged')}${doc.addresseeCheck.note ? `${sep}${doc.addresseeCheck.note}` : ''}`,
    doc.returnSlip.present && (doc.returnSlip.returnedAt ? t('incoming.returnSlip.returned', { by: doc.returnSlip.returnedBy ?? '', at: formatDateTime(doc.returnSlip.returnedAt) }) : t('incoming.returnSlip.pending')),
    doc.meeting && `${t('incoming.meeting.title')}${sep}${formatDateTime(doc.meeting.startsAt)} ${doc.meeting.place}`,
  ].filter(Boolean) as string[];
  return (
    <div style={{ maxWidth: 720, margin: '0 auto', fontFamily: "'FangSong', 'STFangsong', 'Noto Serif CJK SC', serif", color: '#000' }}>
      <div style={{ position: 'relative', textAlign: 'center', marginBottom: 12 }}>
        <div style={{ fontSize: 16 }}>{unit}</div>
        <div style={{ fontSize: 26, fontWeight: 700, letterSpacing: 6, color: RED }}>{t('incoming.slip.sheetTitle')}</div>
      </div>
      <div style={{ display: 'flex', flexWrap: 'wrap', justifyContent: 'space-between', alignItems: 'flex-end', gap: 8, marginBottom: 8 }}>
        <div style={{ fontSize: 13 }}>
          {t('incoming.field.classification')}{sep}{l(CLASSIFICATION_LABELS[doc.classification])}
          {doc.secrecyTerm ? `★${doc.secrecyTerm}` : ''}　{t('incoming.field.urgency')}{sep}{labels.urgency(doc.urgency)}
        </div>
        <ReceivingStamp stamp={stampOf(doc, unit)} />
      </div>
      <table style={{ borderCollapse: 'collapse', width: '100%', tableLayout: 'fixed' }}>
        <colgroup>
          <col style={{ width: 96 }} />
          <col />
          <col style={{ width: 96 }} />
          <col />
        </colgroup>
        <tbody>
          <tr>
            <td style={label}>{t('incoming.field.sender')}</td>
            <td style={cell}>{doc.sender}</td>
            <td style={label}>{t('incoming.field.docNumber')}</td>
            <td style={cell}>{doc.docNumber ?? ''}</td>
          </tr>
          <tr>
            <td style={label}>{t('incoming.field.incomingNumber')}</td>
            <td style={cell}>{doc.incomingNumber ?? ''}</td>
            <td style={label}>{t('incoming.field.receivedAt')}</td>
            <td style={cell}>{formatDateTime(doc.receivedAt)}</td>
          </tr>
          <tr>
            <td style={label}>{t('incoming.field.docKind')}</td>
            <td style={cell}>{doc.docKind}</td>
            <td style={label}>{t('incoming.field.pagesCopies')}</td>
            <td style={cell}>
              {doc.pages ?? '—'} / {doc.copies ?? '—'}
            </td>
          </tr>
          <Row name={t('incoming.field.title')}>
            <strong>{doc.title}</strong>
          </Row>
          <Row name={t('incoming.field.proposal')} height={90}>
            <div style={{ whiteSpace: 'pre-wrap' }}>{doc.proposal ?? ''}</div>
            <Signature text={signed(doc, 'propose')} />
          </Row>
          <Row name={t('incoming.field.leaderOpinion')} height={80}>
            <div style={{ whiteSpace: 'pre-wrap' }}>{doc.leaderOpinion ?? ''}</div>
            <Signature text={signed(doc, 'leader_opine')} />
          </Row>
          <Row name={t('incoming.field.instruction')} height={110}>
            {doc.instruction ? (
              <>
                <div style={{ whiteSpace: 'pre-wrap', fontSize: 16 }} data-testid="slip-instruction">
                  {doc.instruction.text}
                </div>
                <Signature text={`${doc.instruction.byName}　${formatDateTime(doc.instruction.at).slice(0, 10)}`} />
              </>
            ) : doc.instructed ? (
              <span style={{ color: '#8c8c8c' }}>{t('incoming.opinions.private')}</span>
            ) : null}
          </Row>
          <Row name={t('incoming.slip.handling')} height={60}>
            {doc.leadDepartmentId && (
              <div>
                {t('incoming.field.leadDepartment')}{sep}{depts.name(doc.leadDepartmentId)}
                {doc.coDepartmentIds.length ? `；${t('incoming.field.coDepartments')}${sep}${doc.coDepartmentIds.map((d) => depts.name(d)).join('、')}` : ''}
                {doc.deadline ? `；${t('incoming.field.deadline')}${sep}${doc.deadline}` : ''}
              </div>
            )}
            <Signature text={signed(doc, 'distribute')} />
          </Row>
          <Row name={t('incoming.field.result')} height={90}>
            {doc.results.map((r, i) => (
              <div key={i}>
                <div style={{ whiteSpace: 'pre-wrap' }}>
                  {depts.name(r.departmentId)}{sep}{r.result}
                </div>
                <Signature text={`${r.byName}　${formatDateTime(r.at).slice(0, 10)}`} />
              </div>
            ))}
          </Row>
          <Row name={t('incoming.slip.notes')}>
            {notes.map((n) => (
              <div key={n}>{n}</div>
            ))}
          </Row>
        </tbody>
      </table>
      <div style={{ display: 'flex', justifyContent: 'space-between', fontSize: 12, marginTop: 6 }}>
        <span>
          {t('incoming.receipt.signedBy')}{sep}{doc.receipt.signedBy}
        </span>
        <span>
          {t('incoming.slip.printedAt')}{sep}{formatDateTime(new Date().toISOString())}
        </span>
      </div>
    </div>
  );
}

export default function SlipPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const fb = useFeedback();
  const navigate = useNavigate();
  const data = useApi(() => Promise.all([incomingApi.get(id), incomingApi.company().catch(() => null)]), [id]);
  if (data.error) return <Result status="404" title={t('incoming.notFound')} />;
  if (!data.data) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  const [doc, company] = data.data;
  return (
    <>
      <NoPrint style={{ marginBottom: 12 }}>
        <Space wrap>
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(`/incoming/${doc.id}`)}>
            {t('incoming.slip.backToDocument')}
          </Button>
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
            {t('incoming.print')}
          </Button>
          <Button icon={<DownloadOutlined />} onClick={() => void incomingApi.exportSlip(doc).catch((e) => fb.error(e))}>
            {t('incoming.slip.export')}
          </Button>
          <Button icon={<PrinterOutlined />} onClick={() => navigate(`/incoming/${doc.id}/stamp`)}>
            {t('incoming.stamp.print')}
          </Button>
        </Space>
      </NoPrint>
      <PrintArea testId="slip" style={{ background: '#fff', padding: '28px 24px', boxShadow: '0 1px 4px rgba(0,0,0,0.08)', overflowX: 'auto' }}>
        <Slip doc={doc} unit={doc.stamp?.unit ?? company?.name ?? ''} />
      </PrintArea>
    </>
  );
}
