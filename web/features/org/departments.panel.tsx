// 部门树: picking a department filters the people list; the administrator also adds, edits and
// removes departments here (removal only of an empty one, as the server insists).
import { Button, Popconfirm, Space, Tree, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { DEPARTMENT_KIND_LABELS } from '../../../common/labels.js';
import { useCan } from '../../lib/ability.js';
import { useI18n } from '../../lib/i18n.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { orgApi, type Department, type DeptNode } from './org.api.js';

const ALL = '__all__';

/** A department, or the "all departments" root above them. */
type TreeNode = { key: string; title: string; dept?: Department; children: TreeNode[] };

export function DepartmentsPanel({
  tree,
  selected,
  onSelect,
  onCreate,
  onEdit,
  onChanged,
}: {
  tree: DeptNode[];
  selected?: string;
  onSelect(id: string | undefined): void;
  onCreate(): void;
  onEdit(d: Department): void;
  onChanged(): void;
}) {
  const { t, l } = useI18n();
  const can = useCan();
  const fb = useFeedback();
  const find = (nodes: DeptNode[]): Department | undefined => {
    for (const n of nodes) {
      if (n.key === selected) return n.dept;
      const inner = find(n.children);
      if (inner) return inner;
    }
    return undefined;
  };
  const current = selected ? find(tree) : undefined;
  const treeData: TreeNode[] = [{ key: ALL, title: t('org.allDepartments'), children: tree }];
  return (
    <div>
      {/* Mounted once the departments are there: defaultExpandAll applies at mount only. */}
      {tree.length > 0 && (
        <Tree<TreeNode>
          blockNode
          defaultExpandAll
          selectedKeys={[selected ?? ALL]}
          treeData={treeData}
          titleRender={(n) =>
            n.dept ? (
              <span title={l(DEPARTMENT_KIND_LABELS[n.dept.kind])}>{n.title}</span>
            ) : (
              <Typography.Text strong>{n.title}</Typography.Text>
            )
          }
          onSelect={(keys) => {
            const k = keys[0] as string | undefined;
            onSelect(!k || k === ALL ? undefined : k);
          }}
        />
      )}
      {can('org.manage') && (
        <Space wrap style={{ marginTop: 12 }}>
          <Button size="small" icon={<PlusOutlined />} onClick={onCreate}>
            {t('org.newDepartment')}
          </Button>
          {current?.abilities.edit && (
            <Button size="small" icon={<EditOutlined />} onClick={() => onEdit(current)}>
              {t('common.edit')}
            </Button>
          )}
          {current?.abilities.delete && (
            <Popconfirm
              title={t('org.deleteDepartmentConfirm', { name: current.name })}
              onConfirm={async () => {
                try {
                  await orgApi.deleteDepartment(current);
                  fb.ok(t('common.deleted'));
                  onSelect(undefined);
                  onChanged();
                } catch (e) {
                  fb.error(e, onChanged);
                }
              }}
            >
              <Button size="small" danger icon={<DeleteOutlined />}>
                {t('common.delete')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      )}
    </div>
  );
}
