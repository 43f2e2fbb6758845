// 督查通知 (三 3.32): an item decomposed into sub-items as the GB/T 9704 renderer's OfficialDocument.
// Pure: the caller reads the item, its readable sub-items and the names; this only lays them out.
import type { SupervisionItemTable } from '../../../platform/db/schema.js';
import { AppError } from '../../../platform/errors.js';
import { formatDocumentDate, type BodyParagraph, type OfficialDocument } from '../../documents/render/index.js';
import type { Names } from '../supervision.presenter.js';
import { itemNumber } from '../supervision.service.js';

export interface NoticeInput {
  item: SupervisionItemTable;
  children: SupervisionItemTable[];
  names: Names;
  company: string;
  /** The day the item was assigned (company calendar), 'YYYY-MM-DD'. */
  assignedOn: string;
  today: string;
}

const CN_NUMBERS = ['一', '二', '三', '四', '五'];

export function noticeDocumentOf({ item, children, names, company, assignedOn, today }: NoticeInput): OfficialDocument {
  // A notice lists the sub-items; without any there is nothing to notify.
  if (!children.length) throw new AppError('conflict', '该督办事项尚未分解子项，不能生成督查通知', { itemId: item.id });
  const number = itemNumber(item.year, item.serial);
  const leader = names.person(item.assigned_by) ?? '领导';
  const units = [...new Set(children.map((c) => names.dept(c.lead_department_id)).filter((x): x is string => !!x))];
  const sections: { heading: string; paragraphs: BodyParagraph[] }[] = [];
  if (item.requirement.trim()) sections.push({ heading: '督办要求', paragraphs: item.requirement.split('\n').map((l) => l.trim()).filter(Boolean) });
  // The renderer has no tables: each sub-item is a numbered paragraph carrying unit, person and deadline.
  sections.push({
    heading: '任务分解',
    paragraphs: children.map((c, i) => ({
      level: 3 as const,
      heading: `${i + 1}. ${c.title}。`,
      text: `承办单位：${names.dept(c.lead_department_id) ?? '—'}；责任人：${names.person(c.lead_person_id) ?? '—'}；完成时限：${formatDocumentDate(c.deadline)}。`,
    })),
  });
  sections.push({ heading: '工作要求', paragraphs: ['请各承办单位按照分工抓好落实，按期报送办理进展和结果；确需延期的，应在期限届满前提出申请。'] });
  return {
    organMark: `${company}督查通知`,
    issueNumber: number,
    title: `关于${item.title}的督查通知`,
    ...(units.length && { addressee: units.join('、') }),
    body: [
      `${leader}于${formatDocumentDate(assignedOn)}交办“${item.title}”（督办编号${number}），现分解为以下${children.length}项子任务，通知如下。`,
      ...sections.flatMap((s, i) => [{ level: 1 as const, heading: `${CN_NUMBERS[i]}、${s.heading}` }, ...s.paragraphs]),
      `交办领导：${leader}；交办日期：${formatDocumentDate(assignedOn)}。`,
    ],
    issuer: company,
    issuedOn: today,
    printing: { organ: company, date: today },
  };
}
