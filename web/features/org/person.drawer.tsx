// Create or edit a person. Each field is editable only when the record's abilities allow it:
// staff fields with `edit`, roles with `setRoles`, the clearance with `setClearance` (the security
// officer). Only changed fields are sent, so a clearance change never touches staff fields.
import { useEffect, useState } from 'react';
import { Button, Descriptions, Drawer, Form, Input, InputNumber, Select, Space, Tag, TreeSelect } from 'antd';
import { ROLES, ROLE_LABELS, type Role } from '../../../common/roles.js';
import { PERSON_STATUS_LABELS } from '../../../common/labels.js';
import { ClassificationSelect, ClassificationTag } from '../../components/classification.js';
import { NewPasswordFields } from '../../components/password-fields.js';
import { useCan } from '../../lib/ability.js';
import { useI18n } from '../../lib/i18n.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { useIsMobile } from '../../lib/media.js';
import { orgApi, type DeptNode, type Person, type PersonCreate, type PersonPatch } from './org.api.js';

interface Values {
  username: string;
  name: string;
  departmentId: string;
  position: string;
  rankOrder: number;
  phone: string;
  email: string;
  roles: Role[];
  clearance: number;
  password?: string;
}

const STAFF_FIELDS = ['name', 'departmentId', 'position', 'rankOrder', 'phone', 'email'] as const;

function toValues(p: Person): Values {
  return { username: p.username, name: p.name, departmentId: p.department.id, position: p.position, rankOrder: p.rankOrder, phone: p.phone ?? '', email: p.email ?? '', roles: p.roles, clearance: p.clearance };
}

const blankToNull = (s: string | undefined) => (s && s.trim() ? s.trim() : null);

/** What someone without any edit ability sees: the record as text, not as greyed-out fields. */
function PersonDetails({ person: p }: { person: Person }) {
  const { t, l } = useI18n();
  return (
    <Descriptions column={1} size="small" bordered labelStyle={{ width: 110 }}>
      <Descriptions.Item label={t('org.name')}>{p.name}</Descriptions.Item>
      <Descriptions.Item label={t('org.username')}>{p.username}</Descriptions.Item>
      <Descriptions.Item label={t('org.department')}>{p.department.name}</Descriptions.Item>
      <Descriptions.Item label={t('org.position')}>{p.position || '—'}</Descriptions.Item>
      <Descriptions.Item label={t('org.rankOrder')}>{p.rankOrder}</Descriptions.Item>
      <Descriptions.Item label={t('org.phone')}>{p.phone || '—'}</Descriptions.Item>
      <Descriptions.Item label={t('org.email')}>{p.email || '—'}</Descriptions.Item>
      <Descriptions.Item label={t('org.roles')}>
        {p.roles.map((r) => (
          <Tag key={r} color="geekblue">
            {l(ROLE_LABELS[r], r)}
          </Tag>
        ))}
      </Descriptions.Item>
      <Descriptions.Item label={t('org.clearance')}>
        <ClassificationTag level={p.clearance} />
      </Descriptions.Item>
      <Descriptions.Item label={t('org.status')}>{l(PERSON_STATUS_LABELS[p.status])}</Descriptions.Item>
    </Descriptions>
  );
}

export function PersonDrawer({
  open,
  person,
  tree,
  onClose,
  onSaved,
}: {
  open: boolean;
  /** null creates a new person. */
  person: Person | null;
  tree: DeptNode[];
  onClose(): void;
  onSaved(): void;
}) {
  const { t, l } = useI18n();
  const can = useCan();
  const fb = useFeedback();
  const mobile = useIsMobile();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const creating = !person;
  const may = person
    ? person.abilities
    : { edit: can('org.manage'), setRoles: can('org.manage'), setClearance: can('security.manage'), disable: false, resetPassword: false };
  const readOnly = !may.edit && !may.setRoles && !may.setClearance;

  useEffect(() => {
    if (!open || readOnly) return; // read-only shows text; the form is not mounted
    form.resetFields();
    if (person) form.setFieldsValue(toValues(person));
    else form.setFieldsValue({ rankOrder: 1000, roles: ['clerk'], clearance: 1 });
  }, [open, person, form, readOnly]);

  const save = async (v: Values) => {
    setBusy(true);
    try {
      if (creating) {
        const body: PersonCreate = {
          username: v.username.trim(),
          name: v.name.trim(),
          departmentId: v.departmentId,
          position: v.position?.trim() ?? '',
          rankOrder: v.rankOrder,
          phone: blankToNull(v.phone),
          email: blankToNull(v.email),
          roles: v.roles ?? [],
          ...(may.setClearance && { clearance: v.clearance }),
          ...(v.password && { password: v.password }),
        };
        await orgApi.createPerson(body);
      } else {
        const before = toValues(person);
        const patch: PersonPatch = { version: person.version };
        if (may.edit) {
          for (const k of STAFF_FIELDS) {
            const now = k === 'phone' || k === 'email' ? blankToNull(v[k]) : v[k];
            const was = k === 'phone' || k === 'email' ? blankToNull(before[k]) : before[k];
            if (now !== was) (patch as Record<string, unknown>)[k] = now;
          }
        }
        if (may.setRoles && [...v.roles].sort().join() !== [...before.roles].sort().join()) patch.roles = v.roles;
        if (may.setClearance && v.clearance !== before.clearance) patch.clearance = v.clearance;
        if (Object.keys(patch).length === 1) {
          onClose();
          return;
        }
        await orgApi.updatePerson(person.id, patch);
      }
      fb.ok(t('common.saved'));
      onSaved();
    } catch (e) {
      fb.error(e, onSaved);
    } finally {
      setBusy(false);
    }
  };

  // The security officer edits the clearance only: say so, and put that field first.
  const clearanceOnly = !creating && !may.edit && may.setClearance;
  const title = creating ? t('org.newPerson') : readOnly ? person.name : clearanceOnly ? t('org.setClearanceOf', { name: person.name }) : t('org.editPerson', { name: person.name });
  const clearanceField = (may.setClearance || !creating) && (
    <Form.Item name="clearance" label={t('org.clearance')} extra={may.setClearance ? t('org.clearanceHint') : undefined}>
      <ClassificationSelect disabled={!may.setClearance} />
    </Form.Item>
  );
  return (
    <Drawer
      title={title}
      open={open}
      onClose={onClose}
      width={mobile ? '100%' : 480}
      destroyOnHidden
      footer={
        !readOnly && (
          <Space style={{ justifyContent: 'flex-end', width: '100%' }}>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" loading={busy} onClick={() => form.submit()}>
              {t('common.save')}
            </Button>
          </Space>
        )
      }
    >
      {readOnly ? (
        <PersonDetails person={person!} />
      ) : (
        <Form form={form} layout="vertical" onFinish={save}>
          {clearanceOnly && clearanceField}
          <Form.Item name="name" label={t('org.name')} rules={[{ required: true, max: 40 }]}>
            <Input disabled={!may.edit} />
          </Form.Item>
          <Form.Item
            name="username"
            label={t('org.username')}
            extra={creating ? t('org.usernameHint') : undefined}
            rules={[{ required: true, pattern: /^[a-z][a-z0-9._-]{1,39}$/, message: t('org.usernameHint') }]}
          >
            <Input disabled={!creating} autoCapitalize="none" />
          </Form.Item>
          <Form.Item name="departmentId" label={t('org.department')} rules={[{ required: true }]}>
            <TreeSelect treeData={tree} treeDefaultExpandAll disabled={!may.edit} />
          </Form.Item>
          <Form.Item name="position" label={t('org.position')} rules={[{ max: 40 }]}>
            <Input disabled={!may.edit} />
          </Form.Item>
          <Form.Item name="rankOrder" label={t('org.rankOrder')} extra={t('org.rankOrderHint')} rules={[{ required: true }]}>
            <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} disabled={!may.edit} />
          </Form.Item>
          <Form.Item name="phone" label={t('org.phone')} rules={[{ pattern: /^[0-9+() -]*$/, max: 30, message: t('org.phoneInvalid') }]}>
            <Input inputMode="tel" disabled={!may.edit} />
          </Form.Item>
          <Form.Item name="email" label={t('org.email')} rules={[{ type: 'email', max: 120 }]}>
            <Input inputMode="email" disabled={!may.edit} />
          </Form.Item>
          <Form.Item name="roles" label={t('org.roles')}>
            <Select mode="multiple" disabled={!may.setRoles} options={ROLES.map((r) => ({ value: r, label: l(ROLE_LABELS[r]) }))} />
          </Form.Item>
          {!clearanceOnly && clearanceField}
          {creating && (
            <>
              <NewPasswordFields name="password" />
            </>
          )}
        </Form>
      )}
    </Drawer>
  );
}
