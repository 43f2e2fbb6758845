// 协调: the coordination matters the caller may see (the office and the GM all of them; a leader
// those they approve; a department head those their department is consulted on), and the office's
// form to register a new one (the question, the departments to consult, the approving leader).
import { useState, type HTMLAttributes } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Card, Empty, Form, Input, List, Select, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { ClassificationSelect, ClassificationTag } from '../../components/classification.js';
import { useCan } from '../../lib/ability.js';
import { formatDateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useApi } from '../../lib/use-api.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { useIsMobile } from '../../lib/media.js';
import { useMe } from '../../lib/session.js';
import { ScopePicker } from '../files/scope.picker.js';
import { useDepartments } from '../incoming/incoming.labels.js';
import { PeoplePicker } from '../incoming/people.picker.js';
import { coordinationApi, type Coordination, type NewCoordination } from './coordination.api.js';

const COLORS: Record<string, string> = { gathering: 'default', consulting: 'processing', agreed: 'cyan', submitted: 'gold', approved: 'success', closed: 'default' };

export function CoordinationStateTag({ c }: { c: Pick<Coordination, 'state' | 'stateLabel'> }) {
  const { l } = useI18n();
  return (
    <Tag color={COLORS[c.state]} style={{ marginInlineEnd: 0 }} data-testid="coordination-state">
      {l(c.stateLabel, c.state)}
    </Tag>
  );
}

function NewForm({ onDone, onCancel }: { onDone(id: string): void; onCancel(): void }) {
  const { t } = useI18n();
  const fb = useFeedback();
  const depts = useDepartments();
  const me = useMe();
  const maxLevel = Math.min(me.clearance, me.contentCeiling);
  const [busy, setBusy] = useState(false);
  const req = (field: string) => [{ required: true, whitespace: true, message: t('supervision.action.required', { field }) }];
  return (
    <Card size="small" style={{ marginBottom: 12 }} data-testid="coordination-form">
      <Form
        layout="vertical"
        initialValues={{ classification: 0 }}
        onFinish={async (v: NewCoordination) => {
          setBusy(true);
          try {
            const d = await coordinationApi.create({ ...v, title: v.title.trim(), matter: v.matter.trim(), ...(v.note?.trim() ? { note: v.note.trim() } : { note: undefined }) });
            onDone(d.id);
          } catch (e) {
            fb.error(e);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item name="title" label={t('supervision.co.title')} rules={[...req(t('supervision.co.title')), { max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="matter" label={t('supervision.co.matter')} rules={[...req(t('supervision.co.matter')), { max: 5000 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
        </Form.Item>
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))', columnGap: 16 }}>
          <Form.Item name="departmentIds" label={t('supervision.co.departments')} rules={[{ required: true, message: t('supervision.action.required', { field: t('supervision.co.departments') }) }]}>
            <Select mode="multiple" optionFilterProp="label" options={depts.items.map((d) => ({ value: d.id, label: d.name }))} />
          </Form.Item>
          <Form.Item name="leaderId" label={t('supervision.co.leader')} rules={[{ required: true, message: t('supervision.action.required', { field: t('supervision.co.leader') }) }]}>
            <PeoplePicker multiple={false} roles={['gm', 'vice_gm']} />
          </Form.Item>
        </div>
        <Form.Item name="note" label={t('supervision.co.note')} rules={[{ max: 5000 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
        </Form.Item>
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))', columnGap: 16 }}>
          <Form.Item name="classification" label={t('supervision.field.classification')}>
            <ClassificationSelect max={maxLevel} />
          </Form.Item>
          <Form.Item name="scope" label={t('supervision.co.scope')} extra={t('supervision.co.scopeHint')}>
            <ScopePicker />
          </Form.Item>
        </div>
        <Button type="primary" htmlType="submit" loading={busy} style={{ marginRight: 8 }}>
          {t('supervision.co.new')}
        </Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </Form>
    </Card>
  );
}

export function CoordinationTab() {
  const { t } = useI18n();
  const can = useCan();
  const mobile = useIsMobile();
  const navigate = useNavigate();
  const [adding, setAdding] = useState(false);
  const list = useApi(() => coordinationApi.list(), []);
  const items = list.data?.items ?? [];
  const open = (c: Coordination) => navigate(`/supervision/coordinations/${c.id}`);
  const empty = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('supervision.co.empty')} />;
  return (
    <div data-testid="coordinations">
      {can('supervision.manage') &&
        (adding ? (
          <NewForm onCancel={() => setAdding(false)} onDone={(id) => navigate(`/supervision/coordinations/${id}`)} />
        ) : (
          <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} style={{ marginBottom: 12 }}>
            {t('supervision.co.new')}
          </Button>
        ))}
      {mobile ? (
        <List
          loading={list.loading}
          dataSource={items}
          rowKey="id"
          locale={{ emptyText: empty }}
          renderItem={(c) => (
            <Card size="small" hoverable onClick={() => open(c)} style={{ marginBottom: 8 }} styles={{ body: { padding: 10 } }}>
              <Typography.Text strong>{c.title}</Typography.Text> {c.classification > 0 && <ClassificationTag level={c.classification} />}
              <div style={{ display: 'flex', justifyContent: 'space-between', fontSize: 12, color: '#8c8c8c', marginTop: 4 }}>
                <CoordinationStateTag c={c} />
                <span>{formatDateTime(c.createdAt)}</span>
              </div>
            </Card>
          )}
        />
      ) : (
        <Table<Coordination>
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={items}
          pagination={false}
          locale={{ emptyText: empty }}
          onRow={(c) => ({ onClick: () => open(c), style: { cursor: 'pointer' } }) as HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('supervision.co.title'), dataIndex: 'title', render: (v: string, c) => <><a>{v}</a> {c.classification > 0 && <ClassificationTag level={c.classification} />}</> },
            { title: t('supervision.field.state'), key: 'state', width: 130, render: (_, c) => <CoordinationStateTag c={c} /> },
            { title: t('supervision.field.createdAt'), key: 'at', width: 160, render: (_, c) => formatDateTime(c.createdAt) },
            { title: '', key: 'by', width: 100, render: (_, c) => c.createdBy.name },
          ]}
        />
      )}
    </div>
  );
}
