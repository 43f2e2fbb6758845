// 附件与密级: the attachments the person may read (the server filters by clearance and scope),
// upload with a classification, and for the security officer the change of level and scope.
import { useCallback, useEffect, useState } from 'react';
import { Button, Card, List, Segmented, Space, Table, Typography } from 'antd';
import { DownloadOutlined, SafetyCertificateOutlined, UploadOutlined } from '@ant-design/icons';
import { ClassificationTag } from '../../components/classification.js';
import { PageHeader } from '../../components/page-header.js';
import { useCan } from '../../lib/ability.js';
import { formatBytes, formatDateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { useIsMobile } from '../../lib/media.js';
import { filesApi, type Attachment } from './files.api.js';
import { ReclassifyModal } from './reclassify.modal.js';
import { UploadModal } from './upload.modal.js';

const PAGE = 50;

export default function AttachmentsPage() {
  const { t } = useI18n();
  const can = useCan();
  const fb = useFeedback();
  const mobile = useIsMobile();
  const [mine, setMine] = useState(false);
  const [items, setItems] = useState<Attachment[]>([]);
  const [total, setTotal] = useState(0);
  const [more, setMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [uploading, setUploading] = useState(false);
  const [reclassifying, setReclassifying] = useState<Attachment | null>(null);

  const load = useCallback(
    async (before?: string) => {
      setLoading(true);
      try {
        const r = await filesApi.list({ mine: mine || undefined, before, limit: PAGE });
        setItems((old) => (before ? [...old, ...r.items] : r.items));
        setTotal(r.total);
        setMore(r.items.length === PAGE);
      } catch (e) {
        fb.error(e);
      } finally {
        setLoading(false);
      }
    },
    [mine],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const download = async (a: Attachment) => {
    try {
      await filesApi.download(a);
    } catch (e) {
      fb.error(e);
    }
  };
  const actions = (a: Attachment) => (
    <Space size={0} wrap>
      {a.abilities.download && (
        <Button type="link" size="small" icon={<DownloadOutlined />} onClick={() => void download(a)}>
          {t('files.download')}
        </Button>
      )}
      {a.abilities.reclassify && (
        <Button type="link" size="small" icon={<SafetyCertificateOutlined />} onClick={() => setReclassifying(a)}>
          {t('files.reclassify')}
        </Button>
      )}
    </Space>
  );

  return (
    <>
      <PageHeader
        title={t('nav.attachments')}
        sub={t('files.visibleCount', { n: total })}
        extra={
          can('files.upload') && (
            <Button type="primary" icon={<UploadOutlined />} onClick={() => setUploading(true)}>
              {t('files.upload')}
            </Button>
          )
        }
      />
      <Card size="small" styles={{ body: { padding: mobile ? 8 : 12 } }}>
        <Segmented
          style={{ marginBottom: 12 }}
          value={mine ? 'mine' : 'all'}
          onChange={(v) => setMine(v === 'mine')}
          options={[
            { value: 'all', label: t('files.all') },
            { value: 'mine', label: t('files.mine') },
          ]}
        />
        {mobile ? (
          <List
            loading={loading}
            dataSource={items}
            rowKey="id"
            renderItem={(a) => (
              <Card size="small" style={{ marginBottom: 8 }}>
                <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                  <Typography.Text strong style={{ wordBreak: 'break-all' }}>
                    {a.filename}
                  </Typography.Text>
                  <ClassificationTag level={a.classification} />
                </div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatBytes(a.size)} · {formatDateTime(a.createdAt)}
                  {a.secrecyTerm ? ` · ${t('files.secrecyTerm')} ${a.secrecyTerm}` : ''}
                </Typography.Text>
                <div>{actions(a)}</div>
              </Card>
            )}
          />
        ) : (
          <Table<Attachment>
            rowKey="id"
            size="middle"
            loading={loading}
            dataSource={items}
            pagination={false}
            scroll={{ x: 900 }}
            columns={[
              { title: t('files.filename'), dataIndex: 'filename', ellipsis: true, render: (v: string, a) => (a.abilities.download ? <a onClick={() => void download(a)}>{v}</a> : v) },
              { title: t('files.classification'), key: 'c', width: 90, render: (_, a) => <ClassificationTag level={a.classification} /> },
              { title: t('files.secrecyTerm'), dataIndex: 'secrecyTerm', width: 110, render: (v: string | null) => v ?? '—' },
              { title: t('files.size'), dataIndex: 'size', width: 100, align: 'right', render: (v: number) => formatBytes(v) },
              { title: t('files.uploadedAt'), dataIndex: 'createdAt', width: 160, render: (v: string) => formatDateTime(v) },
              { title: t('common.actions'), key: 'actions', width: 200, render: (_, a) => actions(a) },
            ]}
          />
        )}
        {more && (
          <div style={{ textAlign: 'center', marginTop: 12 }}>
            <Button loading={loading} onClick={() => void load(items[items.length - 1]?.id)}>
              {t('common.loadMore')}
            </Button>
          </div>
        )}
      </Card>
      <UploadModal
        open={uploading}
        onClose={() => setUploading(false)}
        onDone={() => {
          setUploading(false);
          void load();
        }}
      />
      <ReclassifyModal
        attachment={reclassifying}
        onClose={() => setReclassifying(null)}
        onDone={() => {
          setReclassifying(null);
          void load();
        }}
      />
    </>
  );
}
