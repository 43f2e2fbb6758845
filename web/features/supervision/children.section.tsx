// 分解 (三 3.32–3.33): the sub-items of an item, each with its unit, deadline, state and progress;
// whoever supervises it may add more (title, unit and contact, deadline) while it is not done.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Button, DatePicker, Form, Input, List, Space, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined, ApartmentOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { companyDate } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { useIsMobile } from '../../lib/media.js';
import { supervisionApi, type ItemDetail } from './supervision.api.js';
import { DeadlineText, ProgressBar, StateTag } from './supervision.labels.js';
import { DepartmentSelect } from './unit.fields.js';

interface ChildRow {
  title: string;
  leadDepartmentId: string;
  deadline: Dayjs;
  requirement?: string;
}

function DecomposeForm({ item, onDone, onCancel }: { item: ItemDetail; onDone(d: ItemDetail): void; onCancel(): void }) {
  const { t } = useI18n();
  const fb = useFeedback();
  const mobile = useIsMobile();
  const [busy, setBusy] = useState(false);
  const today = companyDate();
  const submit = async (v: { items: ChildRow[] }) => {
    setBusy(true);
    try {
      const d = await supervisionApi.addChildren(
        item.id,
        v.items.map((c) => ({ title: c.title.trim(), leadDepartmentId: c.leadDepartmentId, deadline: c.deadline.format('YYYY-MM-DD'), ...(c.requirement?.trim() && { requirement: c.requirement.trim() }) })),
      );
      fb.ok(t('supervision.action.decomposeDone'));
      onDone(d);
    } catch (e) {
      fb.error(e);
    } finally {
      setBusy(false);
    }
  };
  const req = (field: string) => [{ required: true, message: t('supervision.action.required', { field }) }];
  return (
    <Form layout="vertical" data-testid="decompose-form" initialValues={{ items: [{}] }} onFinish={(v) => void submit(v)} style={{ marginTop: 8 }}>
      <Form.List name="items">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <div key={f.key} style={{ display: 'grid', gridTemplateColumns: mobile ? '1fr' : 'minmax(0,2fr) minmax(0,1fr) 150px 32px', gap: 8, alignItems: 'start', marginBottom: mobile ? 12 : 0 }}>
                <Form.Item name={[f.name, 'title']} rules={[...req(t('supervision.field.title')), { max: 200 }]} style={{ marginBottom: 8 }}>
                  <Input placeholder={t('supervision.field.title')} />
                </Form.Item>
                <Form.Item name={[f.name, 'leadDepartmentId']} rules={req(t('supervision.field.leadUnit'))} style={{ marginBottom: 8 }}>
                  <DepartmentSelect placeholder={t('supervision.field.leadUnit')} />
                </Form.Item>
                <Form.Item name={[f.name, 'deadline']} rules={req(t('supervision.field.deadline'))} style={{ marginBottom: 8 }}>
                  <DatePicker placeholder={t('supervision.field.deadline')} disabledDate={(d) => d.format('YYYY-MM-DD') < today} style={{ width: '100%' }} />
                </Form.Item>
                <Button type="text" icon={<MinusCircleOutlined />} disabled={fields.length === 1} onClick={() => remove(f.name)} aria-label="remove" />
              </div>
            ))}
            <Space wrap>
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
                {t('supervision.action.addChild')}
              </Button>
              <Button type="primary" htmlType="submit" loading={busy}>
                {t('supervision.action.decompose')}
              </Button>
              <Button onClick={onCancel}>{t('common.cancel')}</Button>
            </Space>
          </>
        )}
      </Form.List>
    </Form>
  );
}

export function ChildrenSection({ item, onChange }: { item: ItemDetail; onChange(d: ItemDetail): void }) {
  const { t } = useI18n();
  const today = companyDate();
  const [adding, setAdding] = useState(false);
  return (
    <div data-testid="children">
      {item.children.length > 0 && (
        <List
          size="small"
          dataSource={item.children}
          rowKey="id"
          renderItem={(c) => (
            <List.Item style={{ display: 'block' }}>
              <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap' }}>
                <Link to={`/supervision/${c.id}`}>
                  {c.number} {c.title}
                </Link>
                <StateTag item={c} />
              </div>
              <div style={{ fontSize: 12, color: '#595959', display: 'flex', gap: 8, flexWrap: 'wrap' }}>
                <span>{c.leadDepartmentName}</span>
                <DeadlineText item={c} today={today} />
              </div>
              <ProgressBar item={c} size="small" />
            </List.Item>
          )}
        />
      )}
      {!item.children.length && !adding && <Typography.Text type="secondary">{t('supervision.none')}</Typography.Text>}
      {item.may.decompose &&
        (adding ? (
          <DecomposeForm
            item={item}
            onCancel={() => setAdding(false)}
            onDone={(d) => {
              setAdding(false);
              onChange(d);
            }}
          />
        ) : (
          <div style={{ marginTop: 8 }}>
            <Button icon={<ApartmentOutlined />} onClick={() => setAdding(true)} data-testid="decompose">
              {t('supervision.action.decompose')}
            </Button>
          </div>
        ))}
    </div>
  );
}
