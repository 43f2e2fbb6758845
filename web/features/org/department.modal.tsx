// Create or edit a department (the administrator); parent chosen from the tree.
import { useEffect, useState } from 'react';
import { Form, Input, InputNumber, Modal, Select, TreeSelect } from 'antd';
import { DEPARTMENT_KIND_LABELS } from '../../../common/labels.js';
import { useI18n } from '../../lib/i18n.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { orgApi, type Department, type DepartmentInput, type DeptNode } from './org.api.js';

export function DepartmentModal({ open, dept, tree, onClose, onSaved }: { open: boolean; dept: Department | null; tree: DeptNode[]; onClose(): void; onSaved(): void }) {
  const { t, l } = useI18n();
  const fb = useFeedback();
  const [form] = Form.useForm<DepartmentInput>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(dept ? { name: dept.name, code: dept.code, parentId: dept.parentId, kind: dept.kind, sortOrder: dept.sortOrder } : { kind: 'department', sortOrder: 0, parentId: null });
  }, [open, dept, form]);
  // A department cannot move under itself: hide it (and so its subtree) from the parent choices.
  const withoutSelf = (nodes: DeptNode[]): DeptNode[] => nodes.filter((n) => n.key !== dept?.id).map((n) => ({ ...n, children: withoutSelf(n.children) }));
  return (
    <Modal title={dept ? t('org.editDepartment') : t('org.newDepartment')} open={open} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          setBusy(true);
          try {
            const body = { ...v, parentId: v.parentId ?? null };
            if (dept) await orgApi.updateDepartment(dept.id, { ...body, version: dept.version });
            else await orgApi.createDepartment(body);
            fb.ok(t('common.saved'));
            onSaved();
          } catch (e) {
            fb.error(e, onSaved);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item name="name" label={t('org.departmentName')} rules={[{ required: true, max: 60 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="code" label={t('org.departmentCode')} rules={[{ required: true, pattern: /^[A-Za-z0-9_-]{1,20}$/, message: t('org.departmentCodeHint') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="parentId" label={t('org.parentDepartment')}>
          <TreeSelect allowClear treeData={withoutSelf(tree)} treeDefaultExpandAll placeholder={t('org.topLevel')} />
        </Form.Item>
        <Form.Item name="kind" label={t('org.departmentKind')}>
          <Select options={(['office', 'department', 'branch'] as const).map((k) => ({ value: k, label: l(DEPARTMENT_KIND_LABELS[k]) }))} />
        </Form.Item>
        <Form.Item name="sortOrder" label={t('org.sortOrder')}>
          <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
