// The demo company 示例集团: six departments, two branches, ~40 people in every role.
import type { Role } from '../../common/roles.js';

export const DEMO_PASSWORD = 'Zongban2026';

export const DEMO_COMPANY = { name: '示例集团有限公司', shortName: '示例集团', fondsCode: 'Z001', orgCode: '示例集团' };

export const DEMO_DEPARTMENTS: { code: string; name: string; kind: 'office' | 'department' | 'branch'; sort: number }[] = [
  { code: 'ZJB', name: '总经办', kind: 'office', sort: 1 },
  { code: 'CWB', name: '财务部', kind: 'department', sort: 2 },
  { code: 'RSB', name: '人事部', kind: 'department', sort: 3 },
  { code: 'SCB', name: '市场部', kind: 'department', sort: 4 },
  { code: 'SCZ', name: '生产部', kind: 'department', sort: 5 },
  { code: 'JSB', name: '技术部', kind: 'department', sort: 6 },
  { code: 'HDFGS', name: '华东分公司', kind: 'branch', sort: 7 },
  { code: 'HNFGS', name: '华南分公司', kind: 'branch', sort: 8 },
];

type P = [username: string, name: string, dept: string, position: string, rank: number, roles: Role[], clearance: number];

export const DEMO_PEOPLE: P[] = [
  ['zhangjianguo', '张建国', 'ZJB', '总经理', 1, ['gm'], 4],
  ['liming', '李明', 'ZJB', '常务副总经理（运转）', 2, ['vice_gm'], 3],
  ['wangqiang', '王强', 'ZJB', '副总经理', 3, ['vice_gm'], 3],
  ['chenjing', '陈静', 'ZJB', '总经办主任', 10, ['office_director'], 3],
  ['wangfang', '王芳', 'ZJB', '总经理秘书', 20, ['secretary'], 3],
  ['liuyang', '刘洋', 'ZJB', '秘书', 21, ['secretary'], 2],
  ['zhaomin', '赵敏', 'ZJB', '文员', 30, ['clerk'], 1],
  ['jiangning', '姜宁', 'ZJB', '行政专员', 31, ['clerk'], 1],
  ['fanqi', '范琪', 'ZJB', '前台', 32, ['clerk'], 1],
  ['sunli', '孙丽', 'ZJB', '档案员', 33, ['archivist'], 2],
  ['zhoutao', '周涛', 'ZJB', '保密员', 34, ['security_officer'], 4],
  ['wulei', '吴磊', 'ZJB', '系统管理员', 90, ['sysadmin'], 1],
  ['zhengjie', '郑洁', 'ZJB', '安全审计员', 91, ['auditor'], 1],
  ['qianwei', '钱伟', 'CWB', '财务部经理', 40, ['dept_head'], 2],
  ['fengxia', '冯霞', 'CWB', '会计', 100, ['clerk'], 1],
  ['hejun', '何军', 'CWB', '出纳', 101, ['clerk'], 1],
  ['xumei', '许梅', 'RSB', '人事部经理', 41, ['dept_head'], 2],
  ['hanbing', '韩冰', 'RSB', '人事专员', 110, ['clerk'], 1],
  ['dengchao', '邓超', 'RSB', '薪酬专员', 111, ['clerk'], 1],
  ['caoyang', '曹阳', 'SCB', '市场部经理', 42, ['dept_head'], 2],
  ['pengfei', '彭飞', 'SCB', '销售主管', 120, ['clerk'], 1],
  ['zenglin', '曾琳', 'SCB', '市场专员', 121, ['clerk'], 1],
  ['xiaoran', '萧然', 'SCB', '客户经理', 122, ['clerk'], 1],
  ['tiangang', '田刚', 'SCZ', '生产部经理', 43, ['dept_head'], 2],
  ['dongliang', '董亮', 'SCZ', '车间主任', 130, ['clerk'], 1],
  ['yuanye', '袁野', 'SCZ', '质检员', 131, ['clerk'], 1],
  ['panting', '潘婷', 'SCZ', '计划员', 132, ['clerk'], 1],
  ['jianghua', '蒋华', 'JSB', '技术部经理', 44, ['dept_head'], 2],
  ['caiyong', '蔡勇', 'JSB', '工程师', 140, ['clerk'], 1],
  ['jiajing', '贾静', 'JSB', '工程师', 141, ['clerk'], 1],
  ['dinghao', '丁浩', 'JSB', '工程师', 142, ['clerk'], 1],
  ['shilei', '石磊', 'JSB', '网络管理员', 143, ['clerk'], 1],
  ['weidong', '魏东', 'HDFGS', '华东分公司总经理', 50, ['dept_head'], 2],
  ['xuehong', '薛红', 'HDFGS', '办公室主任', 150, ['clerk'], 1],
  ['yeqing', '叶青', 'HDFGS', '业务主管', 151, ['clerk'], 1],
  ['yanbin', '阎斌', 'HDFGS', '业务员', 152, ['clerk'], 1],
  ['yunan', '余南', 'HNFGS', '华南分公司总经理', 51, ['dept_head'], 2],
  ['dujuan', '杜鹃', 'HNFGS', '办公室主任', 160, ['clerk'], 1],
  ['daiwei', '戴伟', 'HNFGS', '业务主管', 161, ['clerk'], 1],
  ['xiaxue', '夏雪', 'HNFGS', '业务员', 162, ['clerk'], 1],
];
