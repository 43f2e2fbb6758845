// The .xlsx import of departments and people: its sheets and columns (the template is built from
// these), and the API shapes of the import routes.
import { Type } from '@sinclair/typebox';

export const DEPARTMENT_SHEET = '部门';
export const PEOPLE_SHEET = '人员';

export interface ImportColumn<K extends string> {
  key: K;
  header: string;
  required: boolean;
  width: number;
  /** Shown as the header cell's note in the template. */
  note: string;
  example: string | number;
}

export type DepartmentKey = 'code' | 'name' | 'parentCode' | 'kind' | 'sortOrder';
export type PersonKey = 'username' | 'name' | 'departmentCode' | 'position' | 'rankOrder' | 'phone' | 'email' | 'roles' | 'password';

export const DEPARTMENT_COLUMNS: ImportColumn<DepartmentKey>[] = [
  { key: 'code', header: '部门编码', required: true, width: 14, note: '必填。字母、数字、_ 或 -，最多 20 位，全公司唯一。', example: 'XZB' },
  { key: 'name', header: '部门名称', required: true, width: 20, note: '必填，最多 60 字。', example: '行政部' },
  { key: 'parentCode', header: '上级部门编码', required: false, width: 16, note: '留空为一级部门；可填本表或系统中已有的部门编码。', example: '' },
  { key: 'kind', header: '类型', required: false, width: 12, note: '总经办 / 部门 / 分支机构，留空为“部门”。', example: '部门' },
  { key: 'sortOrder', header: '排序', required: false, width: 8, note: '整数 0–100000，越小越靠前，留空为 0。', example: 20 },
];

export const PEOPLE_COLUMNS: ImportColumn<PersonKey>[] = [
  { key: 'username', header: '用户名', required: true, width: 16, note: '必填。登录名：小写字母开头，只含小写字母、数字和 . _ -，2–40 位。', example: 'zhangsan' },
  { key: 'name', header: '姓名', required: true, width: 12, note: '必填，最多 40 字。', example: '张三' },
  { key: 'departmentCode', header: '部门编码', required: true, width: 14, note: '必填。本文件“部门”表或系统中已有的部门编码。', example: 'XZB' },
  { key: 'position', header: '职务', required: false, width: 14, note: '最多 40 字。', example: '行政专员' },
  { key: 'rankOrder', header: '排序号', required: false, width: 10, note: '整数 0–100000，座次用，越小越靠前，留空为 1000。', example: 500 },
  { key: 'phone', header: '电话', required: false, width: 16, note: '数字、空格、+ - ( )，最多 30 位。', example: '13800000000' },
  { key: 'email', header: '邮箱', required: false, width: 24, note: '电子邮箱地址。', example: 'zhangsan@example.com' },
  { key: 'roles', header: '角色', required: false, width: 18, note: '多个角色用逗号或顿号分隔，如“秘书、文员”；可填中文名称或代码（secretary）。涉密等级不在此设定，由保密员设定。', example: '文员' },
  { key: 'password', header: '初始密码', required: false, width: 14, note: '至少 8 位，须同时含字母和数字；留空则须由管理员重置密码后才能登录。', example: 'Welcome2026' },
];

/** Columns a file may not carry: only the security officer sets clearances. */
export const REFUSED_HEADERS = ['涉密等级', '密级', 'clearance'];

export const KIND_BY_LABEL: Record<string, 'office' | 'department' | 'branch'> = {
  总经办: 'office',
  部门: 'department',
  分支机构: 'branch',
  office: 'office',
  department: 'department',
  branch: 'branch',
};

export const ImportResult = Type.Object({
  dryRun: Type.Boolean({ description: '仅校验，未写入' }),
  departments: Type.Integer({ description: '新建（或将新建）的部门数' }),
  people: Type.Integer({ description: '新建（或将新建）的人员数' }),
});
