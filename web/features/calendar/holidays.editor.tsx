// Entering a year's official schedule when the State Council publishes it: edit the rows or paste
// them as text, then replace the whole year at once (the server does it in one transaction).
import { useEffect, useState } from 'react';
import { Alert, Button, DatePicker, Drawer, Form, Input, Popconfirm, Select, Space, Tabs } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { HOLIDAY_KIND_LABELS } from '../../../common/labels.js';
import { useI18n } from '../../lib/i18n.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { useIsMobile } from '../../lib/media.js';
import { calendarApi, parseHolidayLines, type HolidayEntry } from './calendar.api.js';

interface Row {
  date: Dayjs | null;
  kind: 'holiday' | 'workday';
  name: string;
}

export function HolidaysEditor({ open, year, items, onClose, onSaved }: { open: boolean; year: number; items: HolidayEntry[]; onClose(): void; onSaved(): void }) {
  const { t, l } = useI18n();
  const fb = useFeedback();
  const mobile = useIsMobile();
  const [form] = Form.useForm<{ rows: Row[] }>();
  const [text, setText] = useState('');
  const [parseErrors, setParseErrors] = useState<number[]>([]);
  const [busy, setBusy] = useState(false);
  const [tab, setTab] = useState('rows');

  useEffect(() => {
    if (!open) return;
    form.setFieldsValue({ rows: items.map((e) => ({ date: dayjs(e.date), kind: e.kind, name: e.name })) });
    setText(items.map((e) => `${e.date} ${e.kind === 'holiday' ? '放假' : '上班'} ${e.name}`).join('\n'));
    setParseErrors([]);
    setTab('rows');
  }, [open, items, form]);

  const save = async (rows: Row[]) => {
    setBusy(true);
    try {
      await calendarApi.replaceYear(
        year,
        rows.filter((r) => r.date).map((r) => ({ date: r.date!.format('YYYY-MM-DD'), kind: r.kind, name: r.name.trim() })),
      );
      fb.ok(t('calendar.saved', { year }));
      onSaved();
    } catch (e) {
      fb.error(e);
    } finally {
      setBusy(false);
    }
  };

  const applyText = () => {
    const { items: parsed, errors } = parseHolidayLines(text, year);
    setParseErrors(errors);
    if (!errors.length) {
      form.setFieldsValue({ rows: parsed.map((e) => ({ date: dayjs(e.date), kind: e.kind, name: e.name })) });
      setTab('rows');
    }
  };

  const inYear = (d: Dayjs) => d.year() !== year;
  return (
    <Drawer
      title={t('calendar.editTitle', { year })}
      open={open}
      onClose={onClose}
      width={mobile ? '100%' : 640}
      destroyOnHidden
      footer={
        <Space style={{ justifyContent: 'flex-end', width: '100%' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Popconfirm title={t('calendar.replaceConfirm', { year })} onConfirm={() => form.submit()}>
            <Button type="primary" loading={busy}>
              {t('calendar.replace')}
            </Button>
          </Popconfirm>
        </Space>
      }
    >
      <Alert type="info" showIcon message={t('calendar.editHint')} style={{ marginBottom: 12 }} />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'rows',
            label: t('calendar.rows'),
            forceRender: true,
            children: (
              <Form form={form} onFinish={(v) => void save(v.rows ?? [])}>
                <Form.List name="rows">
                  {(fields, { add, remove }) => (
                    <>
                      {fields.map((f) => (
                        <div key={f.key} style={{ display: 'grid', gridTemplateColumns: mobile ? '1fr 1fr auto' : '150px 130px 1fr auto', gap: 8, marginBottom: 8 }}>
                          <Form.Item name={[f.name, 'date']} noStyle rules={[{ required: true }]}>
                            <DatePicker disabledDate={inYear} defaultPickerValue={dayjs(`${year}-01-01`)} style={{ width: '100%' }} />
                          </Form.Item>
                          <Form.Item name={[f.name, 'kind']} noStyle>
                            <Select options={(['holiday', 'workday'] as const).map((k) => ({ value: k, label: l(HOLIDAY_KIND_LABELS[k]) }))} />
                          </Form.Item>
                          <Form.Item name={[f.name, 'name']} noStyle rules={[{ required: true, max: 40 }]}>
                            <Input placeholder={t('calendar.namePlaceholder')} style={mobile ? { gridColumn: '1 / 3', gridRow: 2 } : undefined} />
                          </Form.Item>
                          <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('common.delete')} />
                        </div>
                      ))}
                      <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ date: null, kind: 'holiday', name: '' })}>
                        {t('calendar.addRow')}
                      </Button>
                    </>
                  )}
                </Form.List>
              </Form>
            ),
          },
          {
            key: 'text',
            label: t('calendar.paste'),
            children: (
              <>
                <Input.TextArea rows={14} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('calendar.pastePlaceholder', { year })} style={{ fontFamily: 'monospace' }} />
                {parseErrors.length > 0 && <Alert type="error" showIcon style={{ marginTop: 8 }} message={t('calendar.parseErrors', { lines: parseErrors.join(', ') })} />}
                <Button style={{ marginTop: 8 }} onClick={applyText}>
                  {t('calendar.applyText')}
                </Button>
              </>
            ),
          },
        ]}
      />
    </Drawer>
  );
}
