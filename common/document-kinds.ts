// 文种 and how documents are numbered, shared by the server and the web app: drafting templates per
// kind (seed 五: 通知、通告、报告、总结、计划、简报、讲话稿; 二 3.7: 请示 → 批复) — a draft whose body
// is left empty starts from its kind's template — and the number formats (发文字号, 收文编号).

export const DOC_KINDS = ['通知', '通告', '报告', '请示', '批复', '函', '纪要', '简报', '计划', '总结', '讲话稿'] as const;
export type DocKind = (typeof DOC_KINDS)[number];

/** 文种 that answer another document: a 批复 answers a 请示, a 函 may answer a 函. */
export const ANSWERING_KINDS: readonly DocKind[] = ['批复', '函'];

const TEMPLATES: Record<DocKind, string> = {
  通知: '为……，现就……有关事项通知如下：\n一、……\n二、……\n请各部门认真贯彻执行。',
  通告: '为……，根据……，现将有关事项通告如下：\n一、……\n二、……\n特此通告。',
  报告: '现将……情况报告如下：\n一、基本情况\n二、主要做法\n三、存在的问题\n四、下一步工作\n特此报告。',
  请示: '为……，拟……。现将有关事项请示如下：\n一、……\n二、……\n妥否，请批示。',
  批复: '你部《关于……的请示》收悉。经研究，现批复如下：\n一、……\n二、……\n此复。',
  函: '……\n一、……\n二、……\n请予支持为盼。',
  纪要: '……年……月……日，……主持召开……会议，……参加。会议研究了……，现纪要如下：\n一、……\n二、……',
  简报: '【本期要目】\n一、……\n二、……',
  计划: '为……，结合……实际，制定本计划。\n一、指导思想\n二、工作目标\n三、主要任务\n四、保障措施',
  总结: '……年，在……领导下，……。现将有关情况总结如下：\n一、主要工作和成效\n二、存在的问题\n三、下一步打算',
  讲话稿: '同志们：\n……\n一、……\n二、……\n谢谢大家。',
};

export function templateFor(kind: DocKind): string {
  return TEMPLATES[kind];
}

/** The rule the drafter confirms before submitting (seed 二 2.1). */
export const SINGLE_MATTER_RULE = { zh: '一事一文：一份文件只写一件事，标题醒目、主题明确。', en: 'One matter per document, with a clear title and subject.' };

/** GB/T 9704-2012 §7.2.4: 机关代字 + 〔full year〕 + number 号, no 第, no leading zeros. */
export function formatIssueNumber(orgCode: string, year: number, n: number): string {
  return `${orgCode}发〔${year}〕${n}号`;
}

/** The office's own number for an incoming document (收文编号), once registered. */
export const incomingNumber = (year: number, serial: number | null) => (serial ? `收〔${year}〕${serial}号` : null);
