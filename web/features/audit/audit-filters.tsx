// The auditor's search form: action, outcome, record, person and a date range (company days).
import { Button, DatePicker, Form, Input, Select } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { AUDIT_OUTCOME_LABELS } from '../../../common/labels.js';
import { companyDayStartIso } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import type { AuditFilter, AuditOutcome } from './audit.api.js';

interface Values {
  action?: string;
  outcome?: AuditOutcome;
  recordType?: string;
  recordId?: string;
  actorId?: string;
  fromDate?: Dayjs | null;
  toDate?: Dayjs | null;
}

const OUTCOMES: AuditOutcome[] = ['ok', 'refused', 'failed', 'invalid', 'conflict', 'error'];

export function toFilter(v: Values): AuditFilter {
  const trim = (s?: string) => (s && s.trim() ? s.trim() : undefined);
  const from = v.fromDate;
  const to = v.toDate;
  return {
    action: trim(v.action),
    outcome: v.outcome,
    recordType: trim(v.recordType),
    recordId: trim(v.recordId),
    actorId: trim(v.actorId),
    from: from ? companyDayStartIso(from.format('YYYY-MM-DD')) : undefined,
    // The end day is included: the range ends where the next day starts.
    to: to ? companyDayStartIso(to.add(1, 'day').format('YYYY-MM-DD')) : undefined,
  };
}

export function AuditFilters({ mobile, form, onSearch }: { mobile: boolean; form: ReturnType<typeof Form.useForm<Values>>[0]; onSearch(f: AuditFilter): void }) {
  const { t, l } = useI18n();
  return (
    <Form form={form} layout="vertical" onFinish={(v) => onSearch(toFilter(v))} style={{ marginBottom: 8 }}>
      <div style={{ display: 'grid', gridTemplateColumns: mobile ? '1fr 1fr' : 'repeat(auto-fill, minmax(200px, 1fr))', columnGap: 12 }}>
        <Form.Item name="action" label={t('audit.action')} style={{ marginBottom: 8 }}>
          <Input allowClear placeholder="auth.login" />
        </Form.Item>
        <Form.Item name="outcome" label={t('audit.outcome')} style={{ marginBottom: 8 }}>
          <Select allowClear options={OUTCOMES.map((o) => ({ value: o, label: l(AUDIT_OUTCOME_LABELS[o]) }))} />
        </Form.Item>
        <Form.Item name="recordType" label={t('audit.recordType')} style={{ marginBottom: 8 }}>
          <Input allowClear placeholder="person / attachment" />
        </Form.Item>
        <Form.Item name="recordId" label={t('audit.recordId')} style={{ marginBottom: 8 }}>
          <Input allowClear />
        </Form.Item>
        <Form.Item name="actorId" label={t('audit.actorId')} tooltip={t('audit.actorIdHint')} style={{ marginBottom: 8 }}>
          <Input allowClear />
        </Form.Item>
        {/* Two single pickers rather than a range picker: its two-month panel does not fit a phone. */}
        <Form.Item name="fromDate" label={t('audit.from')} style={{ marginBottom: 8 }}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="toDate" label={t('audit.to')} style={{ marginBottom: 8 }}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </div>
      <div style={{ display: 'flex', gap: 8 }}>
        <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
          {t('common.search')}
        </Button>
        <Button
          onClick={() => {
            form.resetFields();
            onSearch({});
          }}
        >
          {t('common.reset')}
        </Button>
      </div>
    </Form>
  );
}
