// 传阅 records → API JSON: each circulation with its readers' states and times.
import type { CirculationReaderTable, CirculationTable } from '../../../platform/db/schema.js';
import { HOLDING } from './circulation.repository.js';

const READER_STATE_ZH: Record<CirculationReaderTable['state'], string> = {
  waiting: '待传',
  received: '已收未阅',
  opened: '已打开未传',
  read: '已阅',
  recalled: '已收回',
};

export function presentReader(r: CirculationReaderTable & { department_name?: string | null }) {
  return {
    departmentId: r.department_id,
    departmentName: r.department_name ?? null,
    position: r.position,
    state: r.state,
    stateLabel: READER_STATE_ZH[r.state],
    readBy: r.person_id,
    receivedAt: r.received_at,
    openedAt: r.opened_at,
    readAt: r.read_at,
    chasedCount: r.chased_count,
    lastChasedAt: r.last_chased_at,
  };
}

export function presentCirculations(circulations: CirculationTable[], readers: (CirculationReaderTable & { department_name: string | null })[]) {
  const items = circulations.map((c) => ({
    id: c.id,
    mode: c.mode,
    createdBy: c.created_by_name,
    createdAt: c.created_at,
    recalledAt: c.recalled_at,
    readers: readers.filter((r) => r.circulation_id === c.id).map(presentReader),
  }));
  return { items, pending: readers.filter((r) => HOLDING.includes(r.state)).length };
}
