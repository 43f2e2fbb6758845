import { api, withQuery } from '../../lib/api.js';

export type AuditOutcome = 'ok' | 'refused' | 'failed' | 'invalid' | 'conflict' | 'error';

export interface AuditEntry {
  seq: number;
  at: string;
  actorId: string;
  actorName: string | null;
  ip: string | null;
  action: string;
  recordType: string | null;
  recordId: string | null;
  outcome: AuditOutcome;
  details: Record<string, unknown>;
  prevHash: string | null;
  hash: string | null;
}

export interface AuditFilter {
  actorId?: string;
  action?: string;
  recordType?: string;
  recordId?: string;
  outcome?: AuditOutcome;
  from?: string;
  to?: string;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  unsealed: number;
  firstBroken?: { chainNo: number | null; seq: number | null; reason: string };
}

export const auditApi = {
  search: (f: AuditFilter, beforeSeq?: number, limit = 50) => api.get<{ items: AuditEntry[] }>('/api/v1/audit', { ...f, beforeSeq, limit }),
  export: (f: AuditFilter) => api.download(withQuery('/api/v1/audit/export', { ...f }), 'audit.xlsx'),
  verify: () => api.post<VerifyResult>('/api/v1/audit/verify'),
};
