// Drafting (/supervision/directives/new) or editing a draft (/supervision/directives/:id/edit) of
// the week's directive list (seed 五 5.12): the week, the title, notes of the directive meeting and
// the directives, each with its lead unit, person responsible and a deadline (date or working days).
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Button, Card, DatePicker, Form, Input, InputNumber, Select, Space, Spin, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { PageHeader } from '../../components/page-header.js';
import { companyDate } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { useIsMobile } from '../../lib/media.js';
import { directivesApi, type DirectiveInput, type DirectiveListDetail } from './directives.api.js';
import { DepartmentSelect, UnitPersonSelect } from './unit.fields.js';

interface Row {
  text: string;
  leadDepartmentId?: string;
  leadPersonId?: string;
  by: 'days' | 'date';
  deadline?: Dayjs | null;
  deadlineWorkingDays?: number | null;
}

interface Values {
  week?: string;
  title?: string;
  meetingNote?: string;
  directives: Row[];
}

const toInput = (r: Row): DirectiveInput => ({
  text: r.text.trim(),
  leadDepartmentId: r.leadDepartmentId!,
  ...(r.leadPersonId && { leadPersonId: r.leadPersonId }),
  ...(r.by === 'date' ? { deadline: r.deadline!.format('YYYY-MM-DD') } : { deadlineWorkingDays: r.deadlineWorkingDays ?? 5 }),
});

const fromDetail = (d: DirectiveListDetail): Values => ({
  title: d.title,
  meetingNote: d.meetingNote,
  directives: d.directives.map((x) => ({ text: x.text, leadDepartmentId: x.leadDepartmentId, leadPersonId: x.leadPersonId ?? undefined, by: x.deadline ? 'date' : 'days', deadline: x.deadline ? dayjs(x.deadline) : null, deadlineWorkingDays: x.deadlineWorkingDays })),
});

function DirectiveRow({ name, onRemove, only }: { name: number; onRemove(): void; only: boolean }) {
  const { t } = useI18n();
  const mobile = useIsMobile();
  const form = Form.useFormInstance<Values>();
  const today = companyDate();
  const dept = Form.useWatch(['directives', name, 'leadDepartmentId'], form) as string | undefined;
  const by = (Form.useWatch(['directives', name, 'by'], form) as Row['by'] | undefined) ?? 'days';
  const req = (field: string) => [{ required: true, message: t('supervision.action.required', { field }) }];
  return (
    <Card size="small" style={{ marginBottom: 8 }} data-testid="directive-row" styles={{ body: { paddingBottom: 0 } }}>
      <div style={{ display: 'flex', gap: 8 }}>
        <Typography.Text strong style={{ paddingTop: 5 }}>
          {name + 1}.
        </Typography.Text>
        <Form.Item name={[name, 'text']} rules={[...req(t('supervision.dir.text')), { max: 2000 }]} style={{ flex: 1, marginBottom: 8 }}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 6 }} placeholder={t('supervision.dir.text')} />
        </Form.Item>
        <Button type="text" icon={<MinusCircleOutlined />} disabled={only} onClick={onRemove} aria-label="remove" />
      </div>
      <div style={{ display: 'grid', gridTemplateColumns: mobile ? '1fr' : 'repeat(3, minmax(0, 1fr))', gap: 8, paddingLeft: mobile ? 0 : 20 }}>
        <Form.Item name={[name, 'leadDepartmentId']} rules={req(t('supervision.field.leadUnit'))} style={{ marginBottom: 8 }}>
          <DepartmentSelect placeholder={t('supervision.field.leadUnit')} onChange={() => form.setFieldValue(['directives', name, 'leadPersonId'], undefined)} />
        </Form.Item>
        <Form.Item name={[name, 'leadPersonId']} style={{ marginBottom: 8 }}>
          <UnitPersonSelect departmentId={dept} placeholder={t('supervision.dir.person')} />
        </Form.Item>
        <Space.Compact style={{ width: '100%', marginBottom: 8 }}>
          <Form.Item name={[name, 'by']} noStyle>
            <Select
              style={{ width: 112 }}
              options={[
                { value: 'days', label: t('supervision.desk.deadlineDays') },
                { value: 'date', label: t('supervision.desk.deadlineDate') },
              ]}
            />
          </Form.Item>
          {by === 'date' ? (
            <Form.Item name={[name, 'deadline']} noStyle rules={req(t('supervision.field.deadline'))}>
              <DatePicker style={{ flex: 1 }} disabledDate={(d) => d.format('YYYY-MM-DD') < today} placeholder={t('supervision.field.deadline')} />
            </Form.Item>
          ) : (
            <Form.Item name={[name, 'deadlineWorkingDays']} noStyle>
              <InputNumber min={1} max={750} precision={0} style={{ flex: 1 }} placeholder="5" />
            </Form.Item>
          )}
        </Space.Compact>
      </div>
    </Card>
  );
}

export default function DirectiveFormPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const fb = useFeedback();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [current, setCurrent] = useState<DirectiveListDetail | null>(null);
  useEffect(() => {
    if (!id) return;
    directivesApi.get(id).then(
      (d) => {
        setCurrent(d);
        form.setFieldsValue(fromDetail(d));
      },
      (e) => fb.error(e),
    );
  }, [id]);

  const submit = async (v: Values) => {
    setBusy(true);
    try {
      const directives = v.directives.map(toInput);
      const d = current
        ? await directivesApi.edit(current.id, { title: v.title?.trim() || undefined, meetingNote: v.meetingNote?.trim() ?? '', directives, version: current.version })
        : await directivesApi.create({ ...(v.week?.trim() && { week: v.week.trim() }), ...(v.title?.trim() && { title: v.title.trim() }), ...(v.meetingNote?.trim() && { meetingNote: v.meetingNote.trim() }), directives });
      fb.ok(t('supervision.dir.saved'));
      navigate(`/supervision/directives/${d.id}`, { replace: true });
    } catch (e) {
      fb.error(e, () => id && directivesApi.get(id).then(setCurrent));
    } finally {
      setBusy(false);
    }
  };

  if (id && !current) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  return (
    <>
      <PageHeader title={t(id ? 'supervision.dir.editTitle' : 'supervision.dir.newTitle')} extra={<Button onClick={() => navigate(-1)}>{t('supervision.back')}</Button>} />
      <Card size="small">
        <Form<Values> form={form} layout="vertical" initialValues={{ directives: [{ by: 'days' }] }} onFinish={(v) => void submit(v)} requiredMark="optional" data-testid="directive-form">
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))', columnGap: 16 }}>
            {!id && (
              <Form.Item name="week" label={t('supervision.dir.week')} tooltip={t('supervision.dir.weekHint')} rules={[{ pattern: /^\d{4}-W\d{2}$/, message: t('supervision.dir.weekHint') }]}>
                <Input placeholder="2026-W48" />
              </Form.Item>
            )}
            <Form.Item name="title" label={t('supervision.dir.title')} tooltip={t('supervision.dir.titleHint')} rules={[{ max: 100 }]}>
              <Input />
            </Form.Item>
          </div>
          <Form.Item name="meetingNote" label={t('supervision.dir.meetingNote')} rules={[{ max: 2000 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
          </Form.Item>
          <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
            {t('supervision.dir.directives')}
          </Typography.Text>
          <Form.List name="directives">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <DirectiveRow key={f.key} name={f.name} only={fields.length === 1} onRemove={() => remove(f.name)} />
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ by: 'days' })} style={{ marginBottom: 16 }}>
                  {t('supervision.dir.add')}
                </Button>
              </>
            )}
          </Form.List>
          <div>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="directive-save">
              {t('supervision.dir.save')}
            </Button>
          </div>
        </Form>
      </Card>
    </>
  );
}
