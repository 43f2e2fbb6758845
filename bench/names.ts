// Word lists of the generated company: departments, units, positions and Chinese names with
// surnames about as frequent as in life (王 and 李 ~7 % each), so a search for 王 finds what it would.

export const DEPARTMENT_NAMES: { code: string; name: string; kind: 'office' | 'department' | 'branch' }[] = [
  { code: 'ZJB', name: '总经办', kind: 'office' },
  { code: 'CWB', name: '财务部', kind: 'department' },
  { code: 'RSB', name: '人事部', kind: 'department' },
  { code: 'SCB', name: '市场部', kind: 'department' },
  { code: 'SCZ', name: '生产部', kind: 'department' },
  { code: 'JSB', name: '技术部', kind: 'department' },
  { code: 'CGB', name: '采购部', kind: 'department' },
  { code: 'FWB', name: '法务部', kind: 'department' },
  { code: 'HDFGS', name: '华东分公司', kind: 'branch' },
  { code: 'HNFGS', name: '华南分公司', kind: 'branch' },
];

/** Units under each department (×scale; beyond the list they are numbered). */
export const SUB_UNITS = ['综合科', '业务一科', '业务二科', '业务三科', '计划科'];

export const POSITIONS = ['科员', '主管', '副经理', '经理', '工程师', '助理工程师', '会计', '出纳', '专员', '业务员', '质检员', '计划员', '行政助理', '主任科员'];

const SURNAMES: [string, number][] = [
  ['王', 72], ['李', 72], ['张', 68], ['刘', 54], ['陈', 45], ['杨', 31], ['黄', 23], ['赵', 22], ['吴', 21], ['周', 21],
  ['徐', 16], ['孙', 15], ['马', 15], ['朱', 14], ['胡', 13], ['郭', 12], ['何', 12], ['高', 11], ['林', 11], ['罗', 10],
  ['郑', 10], ['梁', 10], ['谢', 8], ['宋', 7], ['唐', 7], ['许', 7], ['韩', 7], ['冯', 7], ['邓', 7], ['曹', 6],
  ['彭', 6], ['曾', 6], ['肖', 6], ['田', 6], ['董', 5], ['袁', 5], ['潘', 5], ['于', 5], ['蒋', 5], ['蔡', 5],
  ['余', 5], ['杜', 5], ['叶', 4], ['程', 4], ['苏', 4], ['魏', 4], ['吕', 4], ['丁', 4], ['任', 4], ['沈', 4],
];
const SURNAME_TOTAL = SURNAMES.reduce((n, [, w]) => n + w, 0);

const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅玲飞鹏辉斌宇浩凯婷雪琳晨晓欣怡佳俊文博志远思雨涵睿'.split('');

export function personName(random: () => number): string {
  let r = random() * SURNAME_TOTAL;
  let surname = SURNAMES[0][0];
  for (const [s, w] of SURNAMES) {
    r -= w;
    if (r < 0) {
      surname = s;
      break;
    }
  }
  const first = GIVEN[Math.floor(random() * GIVEN.length)];
  return random() < 0.6 ? surname + first + GIVEN[Math.floor(random() * GIVEN.length)] : surname + first;
}
