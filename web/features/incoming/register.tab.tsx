// 收文登记簿: every incoming document the person may read, filtered by year, state, urgency and
// text; the same filters export the register as .xlsx and open its print view. The filters live
// in the URL, so the print view and the back button see the same register.
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Button, Form, Input, Select } from 'antd';
import { DownloadOutlined, PrinterOutlined, SearchOutlined } from '@ant-design/icons';
import { useCan } from '../../lib/ability.js';
import { companyDate, formatCount } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { useIsMobile } from '../../lib/media.js';
import { DocumentList } from './document-list.js';
import { incomingApi, URGENCIES, type ListFilter, type Urgency } from './incoming.api.js';
import { INCOMING_STATES, useDepartments, useIncomingLabels } from './incoming.labels.js';
import { usePaged } from './use-paged.js';

/** The register's filters as URL parameters (shared with the print view). */
export function filterFromParams(params: URLSearchParams): ListFilter {
  const year = Number(params.get('year'));
  const urgency = params.get('urgency') as Urgency | null;
  return {
    year: Number.isInteger(year) && year >= 2000 ? year : undefined,
    state: params.get('state') || undefined,
    urgency: urgency && URGENCIES.includes(urgency) ? urgency : undefined,
    q: params.get('q')?.trim() || undefined,
  };
}

export function filterToParams(f: ListFilter): Record<string, string> {
  const out: Record<string, string> = {};
  if (f.year) out.year = String(f.year);
  if (f.state) out.state = f.state;
  if (f.urgency) out.urgency = f.urgency;
  if (f.q) out.q = f.q;
  return out;
}

export function yearOptions() {
  const now = Number(companyDate().slice(0, 4));
  return Array.from({ length: 6 }, (_, i) => now - i).map((y) => ({ value: y, label: String(y) }));
}

export function RegisterTab() {
  const { t } = useI18n();
  const labels = useIncomingLabels();
  const fb = useFeedback();
  const can = useCan();
  const mobile = useIsMobile();
  const depts = useDepartments();
  const [params, setParams] = useSearchParams();
  const filter = filterFromParams(params);
  const key = JSON.stringify(filter);
  const [form] = Form.useForm<ListFilter>();
  const [exporting, setExporting] = useState(false);
  const list = usePaged((before) => incomingApi.list(filter, before), [key]);

  const apply = (f: ListFilter) => setParams({ tab: 'register', ...filterToParams({ ...f, q: f.q?.trim() }) }, { replace: true });
  const exportXlsx = async () => {
    setExporting(true);
    try {
      await incomingApi.exportRegister(filter);
    } catch (e) {
      fb.error(e);
    } finally {
      setExporting(false);
    }
  };

  return (
    <>
      <Form form={form} layout={mobile ? 'vertical' : 'inline'} initialValues={filter} onFinish={apply} style={{ marginBottom: 12, rowGap: 8 }}>
        {/* On a phone the three selects share a row and name themselves in their placeholders. */}
        <div style={mobile ? { display: 'grid', gridTemplateColumns: '1fr 1fr 1fr', gap: 8, marginBottom: 8 } : { display: 'contents' }}>
          <Form.Item name="year" label={mobile ? undefined : t('incoming.filter.year')} style={{ marginBottom: 0 }}>
            <Select allowClear style={{ width: mobile ? '100%' : 110 }} options={yearOptions()} placeholder={mobile ? t('incoming.filter.year') : t('incoming.filter.all')} />
          </Form.Item>
          <Form.Item name="state" label={mobile ? undefined : t('incoming.field.state')} style={{ marginBottom: 0 }}>
            <Select allowClear style={{ width: mobile ? '100%' : 150 }} options={INCOMING_STATES.map((s) => ({ value: s, label: labels.state(s) }))} placeholder={mobile ? t('incoming.field.state') : t('incoming.filter.all')} popupMatchSelectWidth={false} />
          </Form.Item>
          <Form.Item name="urgency" label={mobile ? undefined : t('incoming.field.urgency')} style={{ marginBottom: 0 }}>
            <Select allowClear style={{ width: mobile ? '100%' : 100 }} options={URGENCIES.map((u) => ({ value: u, label: labels.urgency(u) }))} placeholder={mobile ? t('incoming.field.urgency') : t('incoming.filter.all')} />
          </Form.Item>
        </div>
        <Form.Item name="q" style={{ marginBottom: mobile ? 8 : 0 }}>
          <Input allowClear placeholder={t('incoming.filter.text')} style={{ width: mobile ? '100%' : 200 }} />
        </Form.Item>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
            {t('common.search')}
          </Button>
          <Button
            onClick={() => {
              form.setFieldsValue({ year: undefined, state: undefined, urgency: undefined, q: undefined });
              apply({});
            }}
          >
            {t('common.reset')}
          </Button>
          {/* The register leaves the system as a file only through the office's registrars (the server says the same). */}
          {can('documents.register') && (
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportXlsx()}>
              {t('incoming.register.export')}
            </Button>
          )}
          <Link to={`/incoming/register/print?${new URLSearchParams(filterToParams(filter))}`}>
            <Button icon={<PrinterOutlined />}>{t('incoming.register.print')}</Button>
          </Link>
        </div>
      </Form>
      <DocumentList
        testId="register-list"
        items={list.items}
        loading={list.loading}
        more={list.more}
        onMore={list.loadMore}
        extra={[{ key: 'lead', title: t('incoming.field.leadDepartment'), width: 100, render: (d) => depts.name(d.leadDepartmentId) || '—' }]}
      />
      <div style={{ marginTop: 8, color: '#8c8c8c', fontSize: 12 }}>{t('common.total', { n: formatCount(list.total, list.totalCapped) })}</div>
    </>
  );
}
