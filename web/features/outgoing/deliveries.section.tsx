// 核发与签收: each recipient (主送/抄送) with when it was dispatched and whether it confirmed receipt;
// and the copies kept for archiving (seed 二 3.9: the final draft and two copies).
import { useState } from 'react';
import { Button, Card, Descriptions, List, Space, Tag, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { formatDateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import type { MessageKey } from '../../lib/messages.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { outgoingApi, type OutgoingDetail } from './outgoing.api.js';

export function DeliveriesSection({ doc, mayConfirm, onChanged, onStale }: { doc: OutgoingDetail; mayConfirm: boolean; onChanged(d: OutgoingDetail): void; onStale(): void }) {
  const { t } = useI18n();
  const fb = useFeedback();
  const [busy, setBusy] = useState<string | null>(null);
  const deliveries = doc.deliveries;
  const copies = doc.fileCopies;
  if (!deliveries.length && !copies.length) return null;
  const done = deliveries.filter((d) => d.confirmedAt).length;

  const confirm = async (deliveryId: string) => {
    setBusy(deliveryId);
    try {
      onChanged(await outgoingApi.confirmDelivery(doc, deliveryId));
      fb.ok(t('out.confirmed'));
    } catch (e) {
      fb.error(e, onStale);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card
      size="small"
      title={t('out.deliveries')}
      style={{ marginBottom: 16 }}
      extra={deliveries.length > 0 && <Tag color={done === deliveries.length ? 'success' : 'processing'}>{t('out.deliveriesSummary', { done, n: deliveries.length })}</Tag>}
      data-testid="deliveries"
    >
      {deliveries.length > 0 && (
        <>
          <List
            size="small"
            dataSource={deliveries}
            rowKey="id"
            renderItem={(d) => (
              <List.Item
                actions={
                  mayConfirm && !d.confirmedAt
                    ? [
                        <Button key="c" size="small" icon={<CheckOutlined />} loading={busy === d.id} onClick={() => void confirm(d.id)}>
                          {t('out.confirm')}
                        </Button>,
                      ]
                    : undefined
                }
              >
                <div style={{ minWidth: 0 }}>
                  <Space size={6} wrap>
                    <Tag color={d.kind === 'main' ? 'blue' : 'default'}>{d.kind === 'main' ? t('out.kindMain') : t('out.kindCc')}</Tag>
                    <Typography.Text strong>{d.recipient}</Typography.Text>
                    {d.confirmedAt ? <Tag color="success">{t('out.received')}</Tag> : <Tag color="warning">{t('out.notConfirmed')}</Tag>}
                  </Space>
                  <div style={{ fontSize: 12, color: '#8c8c8c' }}>
                    {t('out.dispatchedAt')} {formatDateTime(d.dispatchedAt)}
                    {d.confirmedAt && ` · ${t('out.confirmedAt')} ${formatDateTime(d.confirmedAt)}${d.confirmedBy ? ` ${d.confirmedBy}` : ''}`}
                    {d.note && ` · ${d.note}`}
                  </div>
                </div>
              </List.Item>
            )}
          />
        </>
      )}
      {copies.length > 0 && (
        <Descriptions size="small" column={1} style={{ marginTop: 8 }} data-testid="file-copies">
          <Descriptions.Item label={t('out.fileCopies')}>
            <span>
              {copies.map((c) => t('out.fileCopyLine', { kind: t(`out.fileCopy.${c.kind}` as MessageKey), count: c.count })).join(t('out.listSep'))}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {' · '}
                {formatDateTime(copies[0].registeredAt)} {copies[0].registeredBy}
              </Typography.Text>
            </span>
          </Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}
