// /incoming/:id/stamp — the 收文章 alone, printed onto the document's own first page (seed 二 3.2):
// the page is fed into the printer and the stamp lands in its top-right margin, where a rubber
// stamp would go. On screen an A4 outline shows where it will fall.
import { useNavigate, useParams } from 'react-router-dom';
import { Alert, Button, Result, Space, Spin } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { useI18n } from '../../lib/i18n.js';
import { useApi } from '../../lib/use-api.js';
import { incomingApi } from './incoming.api.js';
import { NoPrint, PrintArea } from './print.js';
import { ReceivingStamp, stampOf } from './slip.page.js';

export default function StampPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const navigate = useNavigate();
  const data = useApi(() => Promise.all([incomingApi.get(id), incomingApi.company().catch(() => null)]), [id]);
  if (data.error) return <Result status="404" title={t('incoming.notFound')} />;
  if (!data.data) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  const [doc, company] = data.data;
  return (
    <>
      <NoPrint style={{ marginBottom: 12 }}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(`/incoming/${doc.id}`)}>
            {t('incoming.slip.backToDocument')}
          </Button>
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} disabled={!doc.incomingNumber}>
            {t('incoming.print')}
          </Button>
        </Space>
        <Alert type={doc.incomingNumber ? 'info' : 'warning'} showIcon message={doc.incomingNumber ? t('incoming.stamp.hint') : t('incoming.stamp.notRegistered')} />
      </NoPrint>
      {/* On screen: an A4 page outline (210 × 297) scaled to the width; on paper: the stamp only. */}
      <div style={{ maxWidth: 420, aspectRatio: '210 / 297', border: '1px dashed #bfbfbf', background: '#fff' }}>
        <PrintArea testId="stamp-print" style={{ display: 'flex', justifyContent: 'flex-end', padding: 12 }}>
          <ReceivingStamp stamp={stampOf(doc, doc.stamp?.unit ?? company?.name ?? '')} />
        </PrintArea>
      </div>
    </>
  );
}
