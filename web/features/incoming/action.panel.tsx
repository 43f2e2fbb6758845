// 办理: exactly the actions the server offers this person on this document (`abilities`), each
// opening its form; and the office's own tools beside the workflow — the return slip sent back
// (seed 二 1.8) and manual 催办 with a note (3.5).
import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Space, Typography } from 'antd';
import { BellOutlined, RollbackOutlined } from '@ant-design/icons';
import { useCan } from '../../lib/ability.js';
import { useI18n } from '../../lib/i18n.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { ActionForm } from './action.forms.js';
import { incomingApi, type IncomingDetail } from './incoming.api.js';
import { useIncomingLabels } from './incoming.labels.js';

/** Manual 催办 is not a workflow action: it sits beside them under its own key. */
const CHASE = '__chase';

function ChaseForm({ doc, onDone }: { doc: IncomingDetail; onDone(): void }) {
  const { t } = useI18n();
  const fb = useFeedback();
  const [busy, setBusy] = useState(false);
  return (
    <Form
      layout="vertical"
      onFinish={async (v: { note: string }) => {
        setBusy(true);
        try {
          await incomingApi.chase(doc.id, v.note.trim());
          fb.ok(t('incoming.chase.done'));
          onDone();
        } catch (e) {
          fb.error(e);
        } finally {
          setBusy(false);
        }
      }}
    >
      <Form.Item name="note" label={t('incoming.chase.note')} rules={[{ required: true, whitespace: true, message: t('incoming.chase.noteRequired') }, { max: 500 }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
      <Button htmlType="submit" loading={busy} icon={<BellOutlined />}>
        {t('incoming.chase.submit')}
      </Button>
    </Form>
  );
}

export function ActionPanel({ doc, onChange, reload }: { doc: IncomingDetail; onChange(d: IncomingDetail): void; reload(): void }) {
  const { t } = useI18n();
  const labels = useIncomingLabels();
  const can = useCan();
  const fb = useFeedback();
  const { modal } = App.useApp();
  const [open, setOpen] = useState<string | null>(null);
  const abilities = doc.abilities;
  const registrar = can('documents.register');
  const slipPending = registrar && doc.returnSlip.present && !doc.returnSlip.returnedAt;
  const chase = registrar && doc.state === 'handling';

  const returnSlip = () =>
    modal.confirm({
      title: t('incoming.returnSlip.confirm'),
      onOk: async () => {
        try {
          onChange(await incomingApi.returnSlipSent(doc.id, doc.version));
          fb.ok(t('incoming.returnSlip.done'));
        } catch (e) {
          fb.error(e, reload);
        }
      },
    });

  if (!abilities.length && !slipPending && !chase) return null;
  return (
    <Card size="small" title={t('incoming.action.title')} data-testid="action-panel" style={{ marginBottom: 16 }}>
      {(abilities.length > 0 || chase) && (
        <Space wrap style={{ marginBottom: open ? 12 : 0 }}>
          {abilities.map((a) => (
            <Button key={a.action} type={open === a.action ? 'primary' : a.backward ? 'default' : 'primary'} ghost={open !== a.action && !a.backward} danger={a.backward} onClick={() => setOpen(open === a.action ? null : a.action)} data-testid={`action-${a.action}`}>
              {labels.action(a.action)}
            </Button>
          ))}
          {chase && (
            <Button icon={<BellOutlined />} type={open === CHASE ? 'primary' : 'default'} onClick={() => setOpen(open === CHASE ? null : CHASE)}>
              {t('incoming.chase.open')}
            </Button>
          )}
        </Space>
      )}
      {open && abilities.some((a) => a.action === open) && (
        <div style={{ borderTop: '1px solid #f0f0f0', paddingTop: 12 }}>
          <ActionForm
            key={open}
            doc={doc}
            action={open}
            reload={reload}
            onCancel={() => setOpen(null)}
            onDone={(d) => {
              setOpen(null);
              onChange(d);
            }}
          />
        </div>
      )}
      {slipPending && (
        <Alert
          style={{ marginTop: abilities.length ? 12 : 0 }}
          type="info"
          showIcon
          message={t('incoming.returnSlip.pending')}
          action={
            <Button size="small" icon={<RollbackOutlined />} onClick={returnSlip}>
              {t('incoming.returnSlip.mark')}
            </Button>
          }
        />
      )}
      {open === CHASE && (
        <div style={{ borderTop: '1px solid #f0f0f0', paddingTop: 12 }}>
          <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 4 }}>
            {t('incoming.chase.hint')}
          </Typography.Text>
          <ChaseForm
            doc={doc}
            onDone={() => {
              setOpen(null);
              reload();
            }}
          />
        </div>
      )}
    </Card>
  );
}
