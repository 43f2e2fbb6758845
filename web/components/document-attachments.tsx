// 附件 of an official document (收文 or 发文), each with its versions (a new version never
// overwrites the old one); whoever holds the document's current step adds a file or a new version
// of one. The file is uploaded through the attachments API (its size and byte checks apply) with
// the document's classification, then linked to the document.
import { useState } from 'react';
import { Button, Collapse, Empty, List, Space, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import type { PresentedAttachment } from '../../server/modules/documents/attachments/document-attachments.presenter.js';
import { api } from '../lib/api.js';
import { formatBytes, formatDateTime } from '../lib/format.js';
import { useI18n } from '../lib/i18n.js';
import { useFeedback } from '../lib/use-feedback.js';
import { filesApi } from '../features/files/files.api.js';

/** What the section needs of a document: where to link, and the classification new files take. */
export interface AttachableDocument {
  id: string;
  classification: number;
  secrecyTerm: string | null;
  attachments: PresentedAttachment[];
}

const attach = (documentId: string, attachmentId: string, replaces?: string) => api.post<unknown>(`/api/v1/documents/${documentId}/attachments`, { attachmentId, ...(replaces && { replaces }) });

function AttachButton({ doc, replaces, label, onDone }: { doc: AttachableDocument; replaces?: string; label: string; onDone(): void }) {
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
          await attach(doc.id, a.id, replaces);
          fb.ok(t('docAttachments.attached'));
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

export function DocumentAttachments({ doc, editable, onChanged }: { doc: AttachableDocument; editable: boolean; onChanged(): void }) {
  const { t } = useI18n();
  const fb = useFeedback();
  const items = doc.attachments;
  const get = (id: string, name: string) => download(id, name).catch((e) => fb.error(e));
  return (
    <div data-testid="attachments">
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('docAttachments.none')} />
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
                <Tag>{t('docAttachments.versionNo', { n: a.versionNo })}</Tag>
                <Typography.Text type="secondary">{formatBytes(a.size)}</Typography.Text>
                {editable && <AttachButton doc={doc} replaces={a.id} label={t('docAttachments.newVersion')} onDone={onChanged} />}
              </Space>
              {a.versions.length > 1 && (
                <Collapse
                  ghost
                  size="small"
                  items={[
                    {
                      key: 'v',
                      label: t('docAttachments.versions'),
                      children: a.versions
                        .filter((v) => v.versionNo !== a.versionNo)
                        .map((v) => (
                          <div key={v.versionNo}>
                            <a onClick={() => void get(v.attachmentId, v.name)}>{t('docAttachments.versionNo', { n: v.versionNo })}</a>{' '}
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
          <AttachButton doc={doc} label={t('docAttachments.add')} onDone={onChanged} />
        </div>
      )}
    </div>
  );
}
