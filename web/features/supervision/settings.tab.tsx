// 设置 (the office's): the categories and their standards (三 3.2: required steps, report rhythm,
// default deadline), the automatic reminder points (三 5.1), the board's "due soon" and when the
// Saturday directive report is compiled. Each part saves on its own.
import { useEffect, useState } from 'react';
import { Button, Card, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, TimePicker, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { SUPERVISION_WORKFLOWS } from '../../../common/workflow/supervision.workflow.js';
import { useI18n } from '../../lib/i18n.js';
import { useApi } from '../../lib/use-api.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { useIsMobile } from '../../lib/media.js';
import { supervisionApi, type Category, type ReminderPoints } from './supervision.api.js';
import { useSupervisionLabels } from './supervision.labels.js';

const STEPS = [...new Set([...Object.values(SUPERVISION_WORKFLOWS).flatMap((w) => w.actions.map((a) => a.key)), 'report_progress', 'chase'])];
const AUDIENCES = ['handler', 'unit_head', 'leader'] as const;

interface CategoryValues {
  key: string;
  zh: string;
  en: string;
  requiredSteps: string[];
  reportEveryDays: number;
  defaultDeadlineDays: number;
  active: boolean;
}

function CategoryModal({ category, onClose }: { category: Category | 'new' | null; onClose(saved: boolean): void }) {
  const { t } = useI18n();
  const fb = useFeedback();
  const labels = useSupervisionLabels();
  const [form] = Form.useForm<CategoryValues>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!category) return;
    form.resetFields();
    if (category !== 'new') form.setFieldsValue({ key: category.key, zh: category.name.zh, en: category.name.en, requiredSteps: category.requiredSteps, reportEveryDays: category.reportEveryDays, defaultDeadlineDays: category.defaultDeadlineDays, active: category.active });
  }, [category]);
  const save = async (v: CategoryValues) => {
    setBusy(true);
    try {
      const existing = category !== 'new' ? category : null;
      await supervisionApi.saveCategory(existing?.key ?? v.key, { name: { zh: v.zh.trim(), en: v.en.trim() }, requiredSteps: v.requiredSteps ?? [], reportEveryDays: v.reportEveryDays, defaultDeadlineDays: v.defaultDeadlineDays, active: v.active, ...(existing?.version !== undefined && { version: existing.version }) });
      fb.ok(t('supervision.set.saved'));
      onClose(true);
    } catch (e) {
      fb.error(e, () => onClose(true));
    } finally {
      setBusy(false);
    }
  };
  const req = { required: true, whitespace: true, message: ' ' };
  return (
    <Modal open={!!category} title={category === 'new' ? t('supervision.set.addCategory') : t('supervision.set.categories')} onCancel={() => onClose(false)} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ requiredSteps: ['check_pass'], reportEveryDays: 7, defaultDeadlineDays: 10, active: true }} onFinish={(v) => void save(v)}>
        {category === 'new' && (
          <Form.Item name="key" label={t('supervision.set.key')} rules={[{ required: true, pattern: /^[a-z_]{1,40}$/, message: 'a-z _' }]}>
            <Input placeholder="safety" />
          </Form.Item>
        )}
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(180px, 1fr))', columnGap: 12 }}>
          <Form.Item name="zh" label={t('supervision.set.nameZh')} rules={[req, { max: 40 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="en" label={t('supervision.set.nameEn')} rules={[req, { max: 80 }]}>
            <Input />
          </Form.Item>
        </div>
        <Form.Item name="requiredSteps" label={t('supervision.set.requiredSteps')}>
          <Select mode="multiple" options={STEPS.map((s) => ({ value: s, label: labels.action(s) }))} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="reportEveryDays" label={t('supervision.set.reportEvery')} rules={[{ required: true }]}>
            <InputNumber min={0} max={365} precision={0} />
          </Form.Item>
          <Form.Item name="defaultDeadlineDays" label={t('supervision.set.defaultDays')} rules={[{ required: true }]}>
            <InputNumber min={1} max={750} precision={0} />
          </Form.Item>
          <Form.Item name="active" label={t('supervision.set.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

function Categories() {
  const { t, l } = useI18n();
  const labels = useSupervisionLabels();
  const list = useApi(() => supervisionApi.categories(), []);
  const [editing, setEditing] = useState<Category | 'new' | null>(null);
  return (
    <Card size="small" title={t('supervision.set.categories')} style={{ marginBottom: 16 }} extra={<Button size="small" icon={<PlusOutlined />} onClick={() => setEditing('new')}>{t('supervision.set.addCategory')}</Button>}>
      <Table<Category>
        rowKey="key"
        size="small"
        pagination={false}
        loading={list.loading}
        dataSource={list.data ?? []}
        scroll={{ x: 640 }}
        onRow={(c) => ({ onClick: () => setEditing(c), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('supervision.set.nameZh'), key: 'name', render: (_, c) => <a>{l(c.name)}</a> },
          { title: t('supervision.set.requiredSteps'), key: 'steps', render: (_, c) => c.requiredSteps.map((s) => <Tag key={s}>{labels.action(s)}</Tag>) },
          { title: t('supervision.set.reportEvery'), dataIndex: 'reportEveryDays', width: 110, align: 'right' },
          { title: t('supervision.set.defaultDays'), dataIndex: 'defaultDeadlineDays', width: 140, align: 'right' },
          { title: t('supervision.set.active'), key: 'active', width: 60, render: (_, c) => (c.active ? '✓' : '—') },
        ]}
      />
      <CategoryModal
        category={editing}
        onClose={(saved) => {
          setEditing(null);
          if (saved) list.reload();
        }}
      />
    </Card>
  );
}

function Reminders() {
  const { t } = useI18n();
  const fb = useFeedback();
  const mobile = useIsMobile();
  const [form] = Form.useForm<ReminderPoints>();
  const loaded = useApi(() => supervisionApi.reminderPoints(), []);
  useEffect(() => {
    if (loaded.data) form.setFieldsValue(loaded.data);
  }, [loaded.data]);
  const save = async (v: ReminderPoints) => {
    try {
      form.setFieldsValue(await supervisionApi.setReminderPoints(v));
      fb.ok(t('supervision.set.saved'));
    } catch (e) {
      fb.error(e);
    }
  };
  return (
    <Card size="small" title={t('supervision.set.reminders')} style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">{t('supervision.set.remindersHint')}</Typography.Paragraph>
      <Form form={form} onFinish={(v) => void save(v)}>
        <Form.List name="points">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} wrap={mobile} style={{ display: 'flex', marginBottom: 8 }} align="start">
                  <Form.Item name={[f.name, 'key']} rules={[{ required: true, pattern: /^[a-z_]{1,20}$/, message: 'a-z _' }]} noStyle>
                    <Input placeholder={t('supervision.set.pointKey')} style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'workingDays']} rules={[{ required: true }]} noStyle>
                    <InputNumber min={-60} max={60} precision={0} addonAfter={t('supervision.set.workingDays')} style={{ width: 160 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'notify']} rules={[{ required: true }]} noStyle>
                    <Select style={{ width: 130 }} options={AUDIENCES.map((a) => ({ value: a, label: t(`supervision.set.notify.${a}`) }))} />
                  </Form.Item>
                  <Button type="text" icon={<MinusCircleOutlined />} disabled={fields.length === 1} onClick={() => remove(f.name)} aria-label="remove" />
                </Space>
              ))}
              <Space>
                <Button type="dashed" icon={<PlusOutlined />} disabled={fields.length >= 10} onClick={() => add({ key: '', workingDays: 1, notify: 'handler' })}>
                  {t('supervision.set.addPoint')}
                </Button>
                <Button type="primary" htmlType="submit">
                  {t('common.save')}
                </Button>
              </Space>
            </>
          )}
        </Form.List>
      </Form>
    </Card>
  );
}

function BoardAndSchedule() {
  const { t, lang } = useI18n();
  const fb = useFeedback();
  const board = useApi(() => supervisionApi.boardSettings(), []);
  const schedule = useApi(() => supervisionApi.reportSchedule(), []);
  const [days, setDays] = useState<number | null>(null);
  const [weekday, setWeekday] = useState<number | null>(null);
  const [time, setTime] = useState<string | null>(null);
  const weekdays = Array.from({ length: 7 }, (_, i) => ({ value: i + 1, label: dayjs('2026-11-23').add(i, 'day').locale(lang === 'en' ? 'en' : 'zh-cn').format('dddd') }));
  const save = (p: Promise<unknown>) => p.then(() => fb.ok(t('supervision.set.saved')), (e) => fb.error(e));
  const d = days ?? board.data?.dueSoonDays ?? null;
  const w = weekday ?? schedule.data?.weekday ?? null;
  const tm = time ?? schedule.data?.time ?? null;
  return (
    <Card size="small" title={`${t('supervision.set.board')} · ${t('supervision.set.schedule')}`}>
      <Space wrap style={{ marginBottom: 12 }}>
        <span>{t('supervision.set.dueSoonDays')}</span>
        <InputNumber min={0} max={60} precision={0} value={d} onChange={(v) => setDays(v)} />
        <Button onClick={() => d !== null && void save(supervisionApi.setBoardSettings(d))}>{t('common.save')}</Button>
      </Space>
      <div />
      <Space wrap>
        <span>{t('supervision.set.schedule')}</span>
        <Select style={{ width: 110 }} value={w} onChange={setWeekday} options={weekdays} />
        <TimePicker format="HH:mm" allowClear={false} value={tm ? dayjs(`2026-01-01T${tm}`) : null} onChange={(v) => v && setTime(v.format('HH:mm'))} />
        <Button onClick={() => w && tm && void save(supervisionApi.setReportSchedule({ weekday: w, time: tm }))}>{t('common.save')}</Button>
      </Space>
    </Card>
  );
}

export function SettingsTab() {
  return (
    <div data-testid="supervision-settings">
      <Categories />
      <Reminders />
      <BoardAndSchedule />
    </div>
  );
}
