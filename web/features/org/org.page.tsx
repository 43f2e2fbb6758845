// 组织机构: the department tree and the people in it, with search and filters on the server side.
import { useState } from 'react';
import { App, Button, Card, Collapse, Input, Select, TreeSelect } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { ROLES, ROLE_LABELS, type Role } from '../../../common/roles.js';
import { PERSON_STATUS_LABELS } from '../../../common/labels.js';
import { PageHeader } from '../../components/page-header.js';
import { useCan } from '../../lib/ability.js';
import { useI18n } from '../../lib/i18n.js';
import { useApi } from '../../lib/use-api.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { useIsMobile } from '../../lib/media.js';
import { departmentTree, orgApi, type Department, type Person } from './org.api.js';
import { DepartmentsPanel } from './departments.panel.js';
import { DepartmentModal } from './department.modal.js';
import { PeopleList } from './people.list.js';
import { PersonDrawer } from './person.drawer.js';
import { ResetPasswordModal } from './reset-password.modal.js';

export default function OrgPage() {
  const { t, l } = useI18n();
  const can = useCan();
  const fb = useFeedback();
  const { modal } = App.useApp();
  const mobile = useIsMobile();
  const [departmentId, setDepartmentId] = useState<string>();
  const [q, setQ] = useState('');
  const [role, setRole] = useState<Role>();
  const [status, setStatus] = useState<'active' | 'disabled'>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [drawer, setDrawer] = useState<{ person: Person | null } | null>(null);
  const [resetting, setResetting] = useState<Person | null>(null);
  const [deptModal, setDeptModal] = useState<{ dept: Department | null } | null>(null);

  const depts = useApi(() => orgApi.departments(), []);
  const tree = departmentTree(depts.data ?? []);
  const people = useApi(() => orgApi.people({ q: q || undefined, departmentId, role, status, limit: pageSize, offset: (page - 1) * pageSize }), [q, departmentId, role, status, page, pageSize]);
  const filter = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
  };

  const toggle = (p: Person) => {
    const disabling = p.status === 'active';
    modal.confirm({
      title: disabling ? t('org.disableConfirm', { name: p.name }) : t('org.enableConfirm', { name: p.name }),
      content: disabling ? t('org.disableHint') : undefined,
      okButtonProps: { danger: disabling },
      onOk: async () => {
        try {
          await orgApi.updatePerson(p.id, { status: disabling ? 'disabled' : 'active', version: p.version });
          fb.ok(t('common.saved'));
        } catch (e) {
          fb.error(e);
        }
        people.reload();
      },
    });
  };

  const panel = (
    <DepartmentsPanel
      tree={tree}
      selected={departmentId}
      onSelect={filter(setDepartmentId)}
      onCreate={() => setDeptModal({ dept: null })}
      onEdit={(d) => setDeptModal({ dept: d })}
      onChanged={depts.reload}
    />
  );

  return (
    <>
      <PageHeader
        title={t('nav.org')}
        extra={
          can('org.manage') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ person: null })}>
              {t('org.newPerson')}
            </Button>
          )
        }
      />
      {/* A fixed-width tree beside the list: the table keeps the room it needs at 1366 px. */}
      <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start' }}>
        {!mobile && (
          <Card title={t('org.departments')} size="small" style={{ width: 220, flex: 'none' }}>
            {panel}
          </Card>
        )}
        <div style={{ flex: 1, minWidth: 0 }}>
          {mobile && can('org.manage') && <Collapse size="small" style={{ marginBottom: 12, background: '#fff' }} items={[{ key: 'd', label: t('org.departments'), children: panel }]} />}
          <Card size="small" styles={{ body: { padding: mobile ? 8 : 12 } }}>
            <div style={{ display: 'grid', gridTemplateColumns: mobile ? '1fr 1fr' : 'minmax(180px, 2fr) repeat(2, minmax(120px, 1fr))', gap: 8, marginBottom: 12 }}>
              <Input.Search
                allowClear
                placeholder={t('org.searchPlaceholder')}
                onSearch={(v) => filter(setQ)(v.trim())}
                style={mobile ? { gridColumn: '1 / -1' } : undefined}
                aria-label={t('org.searchPlaceholder')}
              />
              {mobile && (
                <TreeSelect
                  allowClear
                  placeholder={t('org.department')}
                  treeData={tree}
                  value={departmentId}
                  onChange={filter(setDepartmentId)}
                  treeDefaultExpandAll
                  style={{ gridColumn: '1 / -1' }}
                />
              )}
              <Select allowClear placeholder={t('org.roles')} value={role} onChange={filter(setRole)} options={ROLES.map((r) => ({ value: r, label: l(ROLE_LABELS[r]) }))} />
              <Select
                allowClear
                placeholder={t('org.status')}
                value={status}
                onChange={filter(setStatus)}
                options={(['active', 'disabled'] as const).map((s) => ({ value: s, label: l(PERSON_STATUS_LABELS[s]) }))}
              />
            </div>
            <PeopleList
              items={people.data?.items ?? []}
              total={people.data?.total ?? 0}
              page={page}
              pageSize={pageSize}
              loading={people.loading}
              mobile={mobile}
              onPage={(p, s) => {
                setPage(s !== pageSize ? 1 : p);
                setPageSize(s);
              }}
              act={{ open: (p) => setDrawer({ person: p }), toggle, resetPassword: setResetting }}
            />
          </Card>
        </div>
      </div>
      <PersonDrawer
        open={!!drawer}
        person={drawer?.person ?? null}
        tree={tree}
        onClose={() => setDrawer(null)}
        onSaved={() => {
          setDrawer(null);
          people.reload();
        }}
      />
      <ResetPasswordModal
        person={resetting}
        onClose={() => setResetting(null)}
        onDone={() => {
          setResetting(null);
          people.reload();
        }}
      />
      <DepartmentModal
        open={!!deptModal}
        dept={deptModal?.dept ?? null}
        tree={tree}
        onClose={() => setDeptModal(null)}
        onSaved={() => {
          setDeptModal(null);
          depts.reload();
        }}
      />
    </>
  );
}
