// 附件: the document's attachments, each with its versions (a new version never overwrites the old
// one); the drafter adds a file or a new version of one. The file is uploaded through the
// attachments API (its size and byte checks apply) with the document's classification, then linked.
import { useState } from 'react';
import { Button, Collapse, Empty, List, Space, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { api } from '../../lib/api.js';
import { formatBytes, formatDateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { filesApi } from '../files/files.api.js';
import { outgoingApi, type DocAttachment, type OutgoingDetail } from './outgoing.api.js';

function AttachButton({ doc, replaces, label, onDone }: { doc: OutgoingDetail; replaces?: string; label: string; onDone(): void }) {
  const { t } = useI18n();
  const fb = useFeedback();
  const [busy, setBusy] = useState(false);
  return (
    <Upload
      showUploadList={false}
      beforeUpload={async (file) => {
        setBusy(true);
        try {
          const a = await filesApi.upload(file, { classification: doc.classification, secrecyTerm: doc.secrecyTerm ?? undefined, scope: [] });
          await outgoingApi.attach(doc.id, a.id, replaces);
          fb.ok(t('out.attached'));
          onDone();
        } catch (e) {
          fb.error(e);
        } finally {
          setBusy(false);
        }
        return false;
      }}
    >
      <Button size="small" icon={<UploadOutlined />} loading={busy}>
        {label}
      </Button>
    </Upload>
  );
}

const download = (attachmentId: string, name: string) => api.download(`/api/v1/attachments/${attachmentId}/content`, name);

export function AttachmentsSection({ doc, editable, onChanged }: { doc: OutgoingDetail; editable: boolean; onChanged(): void }) {
  const { t } = useI18n();
  const fb = useFeedback();
  const items: DocAttachment[] = doc.attachments;
  const get = (id: string, name: string) => download(id, name).catch((e) => fb.error(e));
  return (
    <div data-testid="attachments">
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('out.noAttachments')} />
      ) : (
        <List
          size="small"
          dataSource={items}
          rowKey="id"
          renderItem={(a) => (
            <List.Item style={{ display: 'block' }}>
              <Space wrap size={6}>
                <a onClick={() => void get(a.attachmentId, a.name)}>
                  <DownloadOutlined /> {a.name}
                </a>
                <Tag>{t('out.attachmentVersionNo', { n: a.versionNo })}</Tag>
                <Typography.Text type="secondary">{formatBytes(a.size)}</Typography.Text>
                {editable && <AttachButton doc={doc} replaces={a.id} label={t('out.newVersion')} onDone={onChanged} />}
              </Space>
              {a.versions.length > 1 && (
                <Collapse
                  ghost
                  size="small"
                  items={[
                    {
                      key: 'v',
                      label: t('out.attachmentVersions'),
                      children: a.versions
                        .filter((v) => v.versionNo !== a.versionNo)
                        .map((v) => (
                          <div key={v.versionNo}>
                            <a onClick={() => void get(v.attachmentId, v.name)}>{t('out.attachmentVersionNo', { n: v.versionNo })}</a>{' '}
                            <Typography.Text type="secondary">
                              {v.name} {formatBytes(v.size)} {formatDateTime(v.createdAt)} {v.createdBy}
                            </Typography.Text>
                          </div>
                        )),
                    },
                  ]}
                />
              )}
            </List.Item>
          )}
        />
      )}
      {editable && (
        <div style={{ marginTop: 8 }}>
          <AttachButton doc={doc} label={t('out.addAttachment')} onDone={onChanged} />
        </div>
      )}
    </div>
  );
}
