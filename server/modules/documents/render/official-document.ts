// The official document (公文) as the renderer sees it: the elements of GB/T 9704-2012 §7 in
// reading order, plain data with no database or workflow in it. The outgoing workflow fills
// this from a signed-off, numbered draft; renderOfficialDocx() lays it out.
import { invalid } from '../../../platform/errors.js';

/** A calendar date as 'YYYY-MM-DD' (no time, no zone: a 成文日期 is a day, not an instant). */
export type CalendarDate = string;

/** 正文结构层次: 1 = 一、 (黑体), 2 = （一） (楷体), 3 = 1. and 4 = （1） (仿宋). */
export type HeadingLevel = 1 | 2 | 3 | 4;

/**
 * One paragraph of 正文 or of an attachment. A plain string is an ordinary paragraph. A heading
 * gives its numbered sentence in `heading` (e.g. '（一）加强组织领导。'), set in its level's font,
 * and may continue with ordinary text in `text` in the same paragraph, as 公文 usually do.
 */
export type BodyParagraph = string | { level: HeadingLevel; heading: string; text?: string };

export interface AttachmentPage {
  /** 附件名称: must be one of the 附件说明 entries, which gives its 顺序号 (GB/T 9704 §7.3.7). */
  title: string;
  paragraphs: BodyParagraph[];
}

export interface OfficialDocument {
  /** 份号: six Arabic digits, e.g. '000123'. */
  copyNumber?: string;
  /** 密级和保密期限, printed '机密★1年' (or the level alone without a term). */
  classification?: { level: '秘密' | '机密' | '绝密'; term?: string };
  /** 紧急程度. */
  urgency?: '特急' | '加急';
  /** 发文机关标志, e.g. '示例集团有限公司文件'. */
  organMark: string;
  /** 发文字号 in the 2012 form '示例集团发〔2026〕12号' (full year in 〔〕, no 第, no leading zero). */
  issueNumber: string;
  /** 签发人 of an upward document (上行文); their presence switches to the 上行文 header. */
  signers?: string[];
  /** 标题; a '\n' marks where a long title should break (the drafter keeps words whole). */
  title: string;
  /** 主送机关 as written, e.g. '各部门、各子公司'; the closing full-width colon is added. */
  addressee?: string;
  /** 正文. */
  body: BodyParagraph[];
  /** 附件说明: the attachments' names, in order. */
  attachmentNotes?: string[];
  /** 发文机关署名. */
  issuer: string;
  /** 成文日期. */
  issuedOn: CalendarDate;
  /**
   * 印章: present when the document is to be sealed. The renderer lays out 署名 and 日期 for a
   * seal (§7.3.5.1) and prints the note where the seal goes; the seal itself is applied at 用印.
   */
  seal?: { note?: string };
  /** 附注, e.g. '此件公开发布' (the parentheses are added). */
  remark?: string;
  /** 附件 printed after the main text, each on its own pages, before the 版记. */
  attachments?: AttachmentPage[];
  /** 抄送机关. */
  copyTo?: string[];
  /** 印发机关和印发日期. */
  printing: { organ: string; date: CalendarDate };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** '2026-11-27' → '2026年11月27日': Arabic numerals, full year, no padding zeros (§7.3.5.4). */
export function formatDocumentDate(date: CalendarDate): string {
  const m = DATE.exec(date);
  if (!m) throw invalid(`日期格式应为 YYYY-MM-DD：${date}`, { date });
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

/** '机密★1年', or '机密' without a term. */
export function formatClassification(c: NonNullable<OfficialDocument['classification']>): string {
  return c.term ? `${c.level}★${c.term}` : c.level;
}

function isRealDate(date: CalendarDate): boolean {
  const m = DATE.exec(date);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** Refuses a document the layout cannot print correctly; every problem is listed at once. */
export function checkOfficialDocument(doc: OfficialDocument): void {
  const problems: string[] = [];
  const required: Array<[string, string | undefined]> = [
    ['organMark', doc.organMark],
    ['issueNumber', doc.issueNumber],
    ['title', doc.title],
    ['issuer', doc.issuer],
    ['printing.organ', doc.printing?.organ],
  ];
  for (const [field, value] of required) if (!value?.trim()) problems.push(`${field} 不能为空`);
  if (doc.copyNumber !== undefined && !/^\d{6}$/.test(doc.copyNumber)) problems.push('份号应为6位阿拉伯数字');
  // GB/T 9704 §7.2.5: full year in 六角括号, no 第, no leading zero, then 号.
  if (doc.issueNumber && !/〔\d{4}〕[1-9]\d*号$/.test(doc.issueNumber)) problems.push('发文字号格式应如 示例集团发〔2026〕12号');
  if (doc.issueNumber?.includes('第')) problems.push('发文字号不加“第”字');
  if (!isRealDate(doc.issuedOn)) problems.push('成文日期无效');
  if (!isRealDate(doc.printing?.date ?? '')) problems.push('印发日期无效');
  if (doc.signers && doc.signers.some((s) => !s.trim())) problems.push('签发人姓名不能为空');
  if (!doc.body?.length) problems.push('公文首页必须显示正文');
  const notes = doc.attachmentNotes ?? [];
  for (const page of doc.attachments ?? []) {
    if (!notes.includes(page.title)) problems.push(`附件“${page.title}”不在附件说明中`);
  }
  if (problems.length) throw invalid('公文要素不完整或格式不符', { problems });
}
