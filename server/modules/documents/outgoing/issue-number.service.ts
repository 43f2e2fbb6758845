// 发文字号 (issue numbers): one gap-free sequence per 机关代字 and year, allocated inside the
// registration's transaction, recorded in the ledger; a voided number stays there with its reason.
import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema.js';
import { nextInSequence } from '../../../platform/db/sequence.js';
import { AppError } from '../../../platform/errors.js';
import type { OutgoingRepository } from './outgoing.repository.js';

import { formatIssueNumber } from '../../../../common/document-kinds.js';

export { formatIssueNumber };

export class IssueNumberService {
  constructor(private readonly repo: OutgoingRepository) {}

  /** Takes the next number for (orgCode, year) in `trx` and records it as used by the document. */
  async allocate(trx: Kysely<DB>, documentId: string, year: number) {
    const orgCode = await this.repo.orgCode(trx);
    if (!orgCode) throw new AppError('unprocessable', '未设置机关代字，无法编发文字号', { field: 'orgCode' });
    const number = await nextInSequence(trx, `issue:${orgCode}:${year}`);
    await this.repo.insertIssueNumber(trx, { orgCode, year, number, documentId });
    return { orgCode, year, number, text: formatIssueNumber(orgCode, year, number) };
  }

  /** Voids the document's current number; the sequence is not rewound, so it is never reused. */
  async voidFor(trx: Kysely<DB>, documentId: string, reason: string) {
    const used = await this.repo.usedNumberOf(trx, documentId);
    if (!used || !(await this.repo.voidNumber(trx, used, reason))) throw new AppError('conflict', '该文件没有可作废的发文字号');
    return formatIssueNumber(used.org_code, used.year, used.number);
  }
}
