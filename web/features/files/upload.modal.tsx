// Upload with its 密级: whoever uploads sets level, secrecy term and reading scope, never above
// their own clearance; the server checks the same and also that the bytes match the file type.
import { useState } from 'react';
import { Alert, Form, Input, Modal, Upload, type UploadFile } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { isClassified } from '../../../common/classification.js';
import { ClassificationSelect } from '../../components/classification.js';
import { useI18n } from '../../lib/i18n.js';
import { useMe } from '../../lib/session.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { filesApi, type ScopeSubject } from './files.api.js';
import { ScopePicker } from './scope.picker.js';

const ACCEPT = '.pdf,.png,.jpg,.jpeg,.gif,.txt,.csv,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.zip,.ofd';

interface Values {
  classification: number;
  secrecyTerm?: string;
  scope?: ScopeSubject[];
}

export function UploadModal({ open, onClose, onDone }: { open: boolean; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const me = useMe();
  const fb = useFeedback();
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [busy, setBusy] = useState(false);
  const level = Form.useWatch('classification', form) ?? 1;
  const max = Math.min(me.clearance, me.contentCeiling);

  const submit = async (v: Values) => {
    const file = files[0]?.originFileObj;
    if (!file) {
      fb.message.warning(t('files.chooseFile'));
      return;
    }
    setBusy(true);
    try {
      await filesApi.upload(file, { classification: v.classification, secrecyTerm: isClassified(v.classification) ? v.secrecyTerm?.trim() : undefined, scope: isClassified(v.classification) ? (v.scope ?? []) : [] });
      fb.ok(t('files.uploaded'));
      setFiles([]);
      form.resetFields();
      onDone();
    } catch (e) {
      fb.error(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={t('files.upload')} open={open} onCancel={onClose} onOk={() => form.submit()} okText={t('files.upload')} confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ classification: Math.min(1, max) }} onFinish={submit} preserve={false}>
        <Form.Item label={t('files.file')} required>
          <Upload.Dragger
            accept={ACCEPT}
            maxCount={1}
            fileList={files}
            beforeUpload={() => false}
            onChange={({ fileList }) => setFiles(fileList.slice(-1))}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p>{t('files.dropHint')}</p>
            <p style={{ color: '#8c8c8c', fontSize: 12 }}>{t('files.typesHint')}</p>
          </Upload.Dragger>
        </Form.Item>
        <Form.Item name="classification" label={t('files.classification')} extra={t('files.classificationHint')} rules={[{ required: true }]}>
          <ClassificationSelect max={max} />
        </Form.Item>
        {isClassified(level) && (
          <>
            <Form.Item name="secrecyTerm" label={t('files.secrecyTerm')} rules={[{ max: 40 }]}>
              <Input placeholder={t('files.secrecyTermPlaceholder')} />
            </Form.Item>
            <Form.Item name="scope" label={t('files.scope')} extra={t('files.scopeHint')}>
              <ScopePicker />
            </Form.Item>
            <Alert type="warning" showIcon message={t('files.classifiedNotice')} />
          </>
        )}
      </Form>
    </Modal>
  );
}
