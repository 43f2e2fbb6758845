// Personal API tokens for integrations: the token is shown once, at creation; afterwards only its
// prefix, so a lost token is revoked and replaced, never shown again.
import { useState } from 'react';
import { Alert, Button, Form, Input, List, Modal, Popconfirm, Space, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { formatDateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useApi } from '../../lib/use-api.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { tokensApi } from './tokens.api.js';

export function TokensSection() {
  const { t } = useI18n();
  const fb = useFeedback();
  const { data, loading, reload } = useApi(() => tokensApi.list(), []);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <>
      <Alert type="info" showIcon message={t('tokens.hint')} style={{ marginBottom: 16 }} />
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} style={{ marginBottom: 12 }}>
        {t('tokens.create')}
      </Button>
      <List
        loading={loading}
        dataSource={data ?? []}
        rowKey="id"
        bordered
        locale={{ emptyText: t('tokens.none') }}
        renderItem={(tk) => (
          <List.Item
            actions={
              tk.revokedAt
                ? []
                : [
                    <Popconfirm
                      key="revoke"
                      title={t('tokens.revokeConfirm', { name: tk.name })}
                      onConfirm={async () => {
                        try {
                          await tokensApi.revoke(tk.id);
                          reload();
                        } catch (e) {
                          fb.error(e);
                        }
                      }}
                    >
                      <Button type="link" danger size="small">
                        {t('tokens.revoke')}
                      </Button>
                    </Popconfirm>,
                  ]
            }
          >
            <List.Item.Meta
              title={
                <Space wrap>
                  {tk.name}
                  <Typography.Text code>{tk.prefix}…</Typography.Text>
                  {tk.revokedAt && <Tag>{t('tokens.revoked')}</Tag>}
                </Space>
              }
              description={`${t('tokens.createdAt')} ${formatDateTime(tk.createdAt)} · ${t('tokens.lastUsed')} ${tk.lastUsedAt ? formatDateTime(tk.lastUsedAt) : t('tokens.never')}`}
            />
          </List.Item>
        )}
      />
      <Modal title={t('tokens.create')} open={creating} onCancel={() => setCreating(false)} footer={null} destroyOnHidden>
        <Form
          layout="vertical"
          onFinish={async ({ name }: { name: string }) => {
            setBusy(true);
            try {
              const r = await tokensApi.create(name.trim());
              setCreating(false);
              setCreated(r.token);
              reload();
            } catch (e) {
              fb.error(e);
            } finally {
              setBusy(false);
            }
          }}
        >
          <Form.Item name="name" label={t('tokens.name')} rules={[{ required: true, max: 60, whitespace: true }]}>
            <Input placeholder={t('tokens.namePlaceholder')} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('tokens.create')}
          </Button>
        </Form>
      </Modal>
      <Modal title={t('tokens.createdTitle')} open={!!created} onCancel={() => setCreated(null)} onOk={() => setCreated(null)} cancelButtonProps={{ style: { display: 'none' } }} destroyOnHidden>
        <Alert type="warning" showIcon message={t('tokens.showOnce')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable code style={{ wordBreak: 'break-all' }} data-testid="new-token">
          {created}
        </Typography.Paragraph>
      </Modal>
    </>
  );
}
