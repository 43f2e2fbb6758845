// A registered 发文 as the GB/T 9704 renderer's OfficialDocument.
import type { DocumentTable } from '../../../platform/db/schema.js';
import { AppError } from '../../../platform/errors.js';
import type { OfficialDocument } from '../render/index.js';
import { dataOf } from './outgoing.service.js';

const LEVELS: Record<number, '秘密' | '机密' | '绝密'> = { 2: '秘密', 3: '机密', 4: '绝密' };
// 上行文 carry 签发人 in the header (GB/T 9704 §7.2.6).
const UPWARD_KINDS = ['请示', '报告'];

export function officialDocumentOf(doc: DocumentTable, company: { name: string }, today: string): OfficialDocument {
  const signoff = dataOf(doc).signoff;
  if (!doc.doc_number || !signoff) throw new AppError('conflict', '文件尚未签发登记，不能生成正式公文', { state: doc.state });
  const level = LEVELS[doc.classification];
  const split = (s: string | null) => (s ?? '').split(/[、,，;；\n]/).map((x) => x.trim()).filter(Boolean);
  return {
    ...(level && { classification: { level, ...(doc.secrecy_term && { term: doc.secrecy_term }) } }),
    ...(doc.urgency === 'urgent' && { urgency: '加急' as const }),
    ...(doc.urgency === 'very_urgent' && { urgency: '特急' as const }),
    organMark: `${company.name}文件`,
    issueNumber: doc.doc_number,
    ...(UPWARD_KINDS.includes(doc.doc_kind) && { signers: [signoff.signerName] }),
    title: doc.title,
    ...(doc.addressee && { addressee: doc.addressee }),
    body: doc.body.split('\n').map((l) => l.trim()).filter(Boolean),
    issuer: company.name,
    issuedOn: signoff.signedOn,
    seal: {},
    ...(doc.cc && { copyTo: split(doc.cc) }),
    printing: { organ: company.name, date: today },
  };
}
