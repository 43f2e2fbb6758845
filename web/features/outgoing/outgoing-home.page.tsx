// /outgoing: what waits for me, the register (登记簿) with filters, export and a printable view,
// and for the office the issue-number ledger (文号台账) where every gap is explained.
import { useState } from 'react';
import { Button, Card, Form, Input, Select, Tabs, Typography } from 'antd';
import { DownloadOutlined, EditOutlined, PrinterOutlined } from '@ant-design/icons';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../components/page-header.js';
import { useCan } from '../../lib/ability.js';
import { useI18n } from '../../lib/i18n.js';
import { useMe } from '../../lib/session.js';
import { useApi } from '../../lib/use-api.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { useIsMobile } from '../../lib/media.js';
import { withQuery } from '../../lib/api.js';
import { OutgoingList } from './outgoing-list.js';
import { outgoingApi, type RegisterFilter } from './outgoing.api.js';
import { DOC_KINDS } from './outgoing.kinds.js';
import { STATES } from './outgoing.tags.js';
import { NumbersLedger, OFFICE_ROLES } from './numbers.tab.js';
import { useDepartmentNames, useRegister, useRegisterFilter, yearOptions } from './register.data.js';
import { OUTGOING_WORKFLOW } from '../../../common/workflow/outgoing.workflow.js';

function Pending({ departments }: { departments: Record<string, string> }) {
  const { t } = useI18n();
  const { data, loading } = useApi(() => outgoingApi.list({ pending: true, limit: 200 }), []);
  return <OutgoingList items={data?.items ?? []} loading={loading} departments={departments} empty={t('out.noPending')} />;
}

function RegisterFilters({ value, onChange }: { value: RegisterFilter; onChange(f: RegisterFilter): void }) {
  const { t, l } = useI18n();
  const mobile = useIsMobile();
  const [form] = Form.useForm();
  const submit = (v: { year: number; state?: string; docKind?: string; q?: string }) => onChange({ year: v.year || undefined, state: v.state, docKind: v.docKind, q: v.q?.trim() || undefined });
  return (
    <Form form={form} layout={mobile ? 'vertical' : 'inline'} initialValues={{ ...value, year: value.year ?? 0 }} onFinish={submit} style={{ marginBottom: 12, rowGap: 8 }}>
      <Form.Item name="year" label={t('out.year')} style={mobile ? { marginBottom: 8 } : undefined}>
        <Select style={{ width: mobile ? '100%' : 110 }} options={yearOptions(t('out.allYears'))} />
      </Form.Item>
      <Form.Item name="docKind" label={t('out.kind')} style={mobile ? { marginBottom: 8 } : undefined}>
        <Select allowClear style={{ width: mobile ? '100%' : 120 }} placeholder={t('out.allKinds')} options={DOC_KINDS.map((k) => ({ value: k, label: k }))} />
      </Form.Item>
      <Form.Item name="state" label={t('out.state')} style={mobile ? { marginBottom: 8 } : undefined}>
        <Select allowClear style={{ width: mobile ? '100%' : 130 }} placeholder={t('out.allStates')} options={STATES.map((s) => ({ value: s, label: l(OUTGOING_WORKFLOW.states[s]) }))} />
      </Form.Item>
      <Form.Item name="q" label={t('out.text')} style={mobile ? { marginBottom: 8 } : undefined}>
        <Input allowClear placeholder={t('out.textPlaceholder')} style={{ width: mobile ? '100%' : 200 }} />
      </Form.Item>
      <Form.Item style={mobile ? { marginBottom: 0 } : undefined}>
        <Button type="primary" htmlType="submit">
          {t('common.search')}
        </Button>
      </Form.Item>
    </Form>
  );
}

function Register({ departments }: { departments: Record<string, string> }) {
  const { t } = useI18n();
  const fb = useFeedback();
  const [filter, setFilter] = useRegisterFilter();
  const { items, loading } = useRegister(filter);
  const [exporting, setExporting] = useState(false);
  const printQuery = { year: filter.year ?? 'all', state: filter.state, docKind: filter.docKind, q: filter.q };
  return (
    <>
      <RegisterFilters value={filter} onChange={setFilter} />
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', marginBottom: 12 }}>
        <Typography.Text type="secondary" style={{ flex: 1, minWidth: 160 }}>
          {t('out.registerCount', { n: items.length })}
        </Typography.Text>
        <Button
          icon={<DownloadOutlined />}
          loading={exporting}
          href={outgoingApi.registerXlsxUrl(filter)}
          data-testid="register-export"
          onClick={async (e) => {
            // A real link (copyable, and what a test can read) that downloads through the API client,
            // so an error shows as a message rather than a JSON page.
            e.preventDefault();
            setExporting(true);
            try {
              await outgoingApi.downloadRegister(filter);
            } catch (err) {
              fb.error(err);
            } finally {
              setExporting(false);
            }
          }}
        >
          {t('out.exportExcel')}
        </Button>
        <Link to={withQuery('/outgoing/register/print', printQuery)}>
          <Button icon={<PrinterOutlined />}>{t('out.printView')}</Button>
        </Link>
      </div>
      <OutgoingList items={items} loading={loading} departments={departments} empty={t('out.none')} />
    </>
  );
}

export default function OutgoingHome() {
  const { t } = useI18n();
  const can = useCan();
  const me = useMe();
  const mobile = useIsMobile();
  const navigate = useNavigate();
  const departments = useDepartmentNames();
  const [params, setParams] = useSearchParams();
  const office = me.roles.some((r) => OFFICE_ROLES.includes(r));
  const tab = params.get('tab') ?? 'pending';
  return (
    <>
      <PageHeader
        title={t('out.title')}
        extra={
          can('documents.draft') && (
            <Button type="primary" icon={<EditOutlined />} onClick={() => navigate('/outgoing/new')}>
              {t('out.new')}
            </Button>
          )
        }
      />
      <Card size="small" styles={{ body: { padding: mobile ? 8 : 12, paddingTop: 0 } }}>
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams({ tab: k }, { replace: true })}
          destroyOnHidden
          items={[
            { key: 'pending', label: t('out.tabPending'), children: <Pending departments={departments} /> },
            { key: 'register', label: t('out.tabRegister'), children: <Register departments={departments} /> },
            ...(office ? [{ key: 'numbers', label: t('out.tabNumbers'), children: <NumbersLedger /> }] : []),
          ]}
        />
      </Card>
    </>
  );
}
