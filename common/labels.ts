// Labels of shared enumerations in both languages; roles and classification levels keep theirs
// beside their definitions (roles.ts, classification.ts).
export type Lang = 'zh' | 'en';
export type Labelled = { zh: string; en: string };

export const DEPARTMENT_KIND_LABELS: Record<'office' | 'department' | 'branch', Labelled> = {
  office: { zh: '办公室', en: 'Office' },
  department: { zh: '部门', en: 'Department' },
  branch: { zh: '分公司', en: 'Branch' },
};

export const PERSON_STATUS_LABELS: Record<'active' | 'disabled', Labelled> = {
  active: { zh: '在用', en: 'Active' },
  disabled: { zh: '已停用', en: 'Disabled' },
};

export const AUDIT_OUTCOME_LABELS: Record<'ok' | 'refused' | 'failed' | 'invalid' | 'conflict' | 'error', Labelled> = {
  ok: { zh: '成功', en: 'OK' },
  refused: { zh: '拒绝', en: 'Refused' },
  failed: { zh: '失败', en: 'Failed' },
  invalid: { zh: '无效请求', en: 'Invalid' },
  conflict: { zh: '冲突', en: 'Conflict' },
  error: { zh: '错误', en: 'Error' },
};

export const HOLIDAY_KIND_LABELS: Record<'holiday' | 'workday', Labelled> = {
  holiday: { zh: '放假', en: 'Holiday' },
  workday: { zh: '调休上班', en: 'Adjusted workday' },
};

/** Picks the label in the given language, falling back to the key itself for unknown values. */
export function labelOf<K extends string>(table: Record<K, Labelled>, key: string, lang: Lang): string {
  return (table as Record<string, Labelled>)[key]?.[lang] ?? key;
}
