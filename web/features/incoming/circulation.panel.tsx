// 传阅 (seed 二 3.2: 按部门传阅): start a circulation to departments in order or all at once, see
// each reader's state and times, chase a reader, recall; a circulated department's head opens it
// and marks it read here. The server decides who may do what; the buttons follow its rules.
import { useState } from 'react';
import { App, Button, Card, Empty, Form, Input, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { BellOutlined, CheckOutlined, RollbackOutlined, SendOutlined } from '@ant-design/icons';
import { INCOMING_WORKFLOW } from '../../../common/workflow/incoming.workflow.js';
import { useCan } from '../../lib/ability.js';
import { formatDateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import type { MessageKey } from '../../lib/messages.js';
import { useMe } from '../../lib/session.js';
import { useApi } from '../../lib/use-api.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { useIsMobile } from '../../lib/media.js';
import { incomingApi, type Circulation, type IncomingDetail, type Reader } from './incoming.api.js';

const READER_COLORS: Record<string, string> = { waiting: 'default', received: 'gold', opened: 'blue', read: 'green', recalled: 'default' };
const HOLDING = ['received', 'opened'];
const READER_KEYS: Record<Reader['state'], MessageKey> = {
  waiting: 'incoming.reader.waiting',
  received: 'incoming.reader.received',
  opened: 'incoming.reader.opened',
  read: 'incoming.reader.read',
  recalled: 'incoming.reader.recalled',
};

function StartForm({ doc, departments, onDone }: { doc: IncomingDetail; departments: { value: string; label: string }[]; onDone(): void }) {
  const { t } = useI18n();
  const fb = useFeedback();
  const [busy, setBusy] = useState(false);
  return (
    <Form
      layout="vertical"
      initialValues={{ mode: 'sequential', departmentIds: [] }}
      onFinish={async (v: { departmentIds: string[]; mode: 'sequential' | 'parallel' }) => {
        setBusy(true);
        try {
          await incomingApi.circulate(doc.id, v);
          fb.ok(t('incoming.circulation.started'));
          onDone();
        } catch (e) {
          fb.error(e);
        } finally {
          setBusy(false);
        }
      }}
    >
      <Form.Item name="departmentIds" label={t('incoming.circulation.departments')} extra={t('incoming.circulation.orderHint')} rules={[{ required: true, type: 'array', min: 1, message: t('incoming.circulation.departmentsRequired') }]} style={{ marginBottom: 8 }}>
        <Select mode="multiple" optionFilterProp="label" options={departments} />
      </Form.Item>
      <Form.Item name="mode" style={{ marginBottom: 8 }}>
        <Radio.Group
          options={[
            { value: 'sequential', label: t('incoming.circulation.sequential') },
            { value: 'parallel', label: t('incoming.circulation.parallel') },
          ]}
        />
      </Form.Item>
      <Button htmlType="submit" type="primary" ghost icon={<SendOutlined />} loading={busy}>
        {t('incoming.circulation.start')}
      </Button>
    </Form>
  );
}

/** `onTrail` runs when a step went on the document's trail (a circulation started or recalled). */
export function CirculationPanel({ doc, departments, onTrail }: { doc: IncomingDetail; departments: { value: string; label: string }[]; onTrail?(): void }) {
  const { t } = useI18n();
  const can = useCan();
  const me = useMe();
  const fb = useFeedback();
  const mobile = useIsMobile();
  const { modal } = App.useApp();
  const list = useApi(() => incomingApi.circulations(doc.id), [doc.id, doc.version]);
  const [starting, setStarting] = useState(false);
  const office = can('documents.register');
  const items = list.data?.items ?? [];
  const head = me.roles.includes('dept_head');
  // Circulable while the document is open, or after it was filed as read (an ordinary circular, seed 二 3.2).
  const live = !INCOMING_WORKFLOW.states[doc.state]?.final || doc.trail.some((s) => s.action === 'file_as_read');

  const step = async (c: Circulation, s: 'open' | 'read' | 'recall') => {
    try {
      await incomingApi.circulationStep(doc.id, c.id, s);
      fb.ok(t(s === 'recall' ? 'incoming.circulation.recalled' : s === 'read' ? 'incoming.circulation.markedRead' : 'incoming.circulation.opened'));
      if (s === 'recall') onTrail?.();
    } catch (e) {
      fb.error(e);
    }
    list.reload();
  };

  const chase = (c: Circulation, r: Reader) => {
    let note = '';
    modal.confirm({
      title: t('incoming.circulation.chaseTitle', { dept: r.departmentName ?? '' }),
      content: <Input.TextArea autoFocus autoSize={{ minRows: 2 }} defaultValue="" onChange={(e) => (note = e.target.value)} placeholder={t('incoming.chase.note')} />,
      onOk: async () => {
        if (!note.trim()) {
          fb.message.warning(t('incoming.chase.noteRequired'));
          throw new Error('note required');
        }
        try {
          await incomingApi.chaseReader(doc.id, c.id, r.departmentId, note.trim());
          fb.ok(t('incoming.chase.done'));
        } catch (e) {
          fb.error(e);
        }
        list.reload();
      },
    });
  };

  const readerActions = (c: Circulation, r: Reader) => {
    const holding = HOLDING.includes(r.state) && !c.recalledAt;
    const mine = head && me.department.id === r.departmentId;
    return (
      <Space size={0} wrap>
        {holding && mine && r.state === 'received' && (
          <Button size="small" type="link" onClick={() => void step(c, 'open')}>
            {t('incoming.circulation.open')}
          </Button>
        )}
        {holding && mine && (
          <Button size="small" type="link" icon={<CheckOutlined />} onClick={() => void step(c, 'read')}>
            {t('incoming.circulation.read')}
          </Button>
        )}
        {holding && office && (
          <Button size="small" type="link" icon={<BellOutlined />} onClick={() => chase(c, r)}>
            {t('incoming.circulation.chase')}
          </Button>
        )}
      </Space>
    );
  };

  const times = (r: Reader) =>
    [r.receivedAt && `${t('incoming.circulation.receivedAt')} ${formatDateTime(r.receivedAt)}`, r.openedAt && `${t('incoming.circulation.openedAt')} ${formatDateTime(r.openedAt)}`, r.readAt && `${t('incoming.circulation.readAt')} ${formatDateTime(r.readAt)}`, r.chasedCount ? t('incoming.circulation.chasedTimes', { n: r.chasedCount }) : null]
      .filter(Boolean)
      .join(' · ');

  if ((!office || !live) && !items.length) return null;
  return (
    <Card
      size="small"
      title={t('incoming.circulation.title')}
      style={{ marginBottom: 16 }}
      data-testid="circulation-panel"
      extra={
        office &&
        live && (
          <Button size="small" onClick={() => setStarting((s) => !s)}>
            {starting ? t('common.cancel') : t('incoming.circulation.new')}
          </Button>
        )
      }
    >
      {starting && (
        <div style={{ marginBottom: 12 }}>
          <StartForm
            doc={doc}
            departments={departments}
            onDone={() => {
              setStarting(false);
              list.reload();
              onTrail?.();
            }}
          />
        </div>
      )}
      {!items.length && !starting && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('incoming.circulation.none')} />}
      {items.map((c) => (
        <div key={c.id} style={{ marginBottom: 12 }}>
          <div style={{ display: 'flex', flexWrap: 'wrap', justifyContent: 'space-between', alignItems: 'center', gap: 8, marginBottom: 4 }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {c.mode === 'parallel' ? t('incoming.circulation.parallel') : t('incoming.circulation.sequential')} · {c.createdBy} · {formatDateTime(c.createdAt)}
              {c.recalledAt ? ` · ${t('incoming.circulation.recalledAt', { at: formatDateTime(c.recalledAt) })}` : ''}
            </Typography.Text>
            {office && !c.recalledAt && c.readers.some((r) => r.state !== 'read') && (
              <Button size="small" danger icon={<RollbackOutlined />} onClick={() => modal.confirm({ title: t('incoming.circulation.recallConfirm'), okButtonProps: { danger: true }, onOk: () => step(c, 'recall') })}>
                {t('incoming.circulation.recall')}
              </Button>
            )}
          </div>
          <Table<Reader>
            size="small"
            rowKey="departmentId"
            pagination={false}
            dataSource={c.readers}
            showHeader={!mobile}
            columns={[
              { title: '#', dataIndex: 'position', width: 36 },
              {
                title: t('incoming.circulation.department'),
                key: 'dept',
                render: (_, r) => (
                  <div>
                    <Space size={6} wrap>
                      <span>{r.departmentName}</span>
                      <Tag color={READER_COLORS[r.state]}>{READER_KEYS[r.state] ? t(READER_KEYS[r.state]) : r.stateLabel}</Tag>
                    </Space>
                    <div style={{ fontSize: 12, color: '#8c8c8c' }}>{times(r)}</div>
                  </div>
                ),
              },
              { title: t('common.actions'), key: 'actions', width: mobile ? 90 : 150, render: (_, r) => readerActions(c, r) },
            ]}
          />
        </div>
      ))}
    </Card>
  );
}
