// 会议通知 received (seed 二 3.4: 接到会议通知…做好记录，及时送经理阅示，根据经理批示通知相关人员参会):
// the meeting's time and place are recorded at registration; the GM's decision names who attends,
// and each attendee is told the time and place. Pure checks and texts; the service does the writes.
import { AppError } from '../../../platform/errors.js';
import type { PersonTable } from '../../../platform/db/schema.js';

export const MEETING_NOTICE_KIND = '会议通知';

export interface MeetingInput {
  startsAt: string;
  endsAt?: string;
  place: string;
}

/** What `documents.data.meeting` holds: times in ISO-8601 UTC. */
export interface MeetingData {
  startsAt: string;
  endsAt: string | null;
  place: string;
  attendeeIds?: string[];
  attendeeNames?: string[];
  note?: string | null;
  decidedAt?: string;
  decidedBy?: string;
}

// RFC 3339 date-time, as the schema's `format: 'date-time'` accepts it: an offset is required.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;
const KEYS = new Set(['startsAt', 'endsAt', 'place']);
/** A meeting is a few dozen people; the bound keeps one decision from notifying the whole company by mistake. */
export const MAX_ATTENDEES = 200;

const bad = (field: string, message: string) => new AppError('unprocessable', message, { field });

function instant(v: unknown, field: string): string {
  if (typeof v !== 'string' || !DATE_TIME.test(v) || Number.isNaN(Date.parse(v))) throw bad(field, `${field === 'meeting.startsAt' ? '会议开始时间' : '会议结束时间'}须为带时区的日期时间（如 2026-12-01T09:00:00+08:00）`);
  return new Date(v).toISOString();
}

/**
 * Checks a registration's meeting (the register action's input is not schema-validated, so the
 * whole shape is checked here) and returns it normalised; refuses it on a document that is not a
 * meeting notice.
 */
export function checkMeeting(m: unknown, docKind: string): MeetingData {
  if (docKind.trim() !== MEETING_NOTICE_KIND) throw bad('meeting', `只有文种为“${MEETING_NOTICE_KIND}”的来文可以登记会议时间和地点`);
  if (!m || typeof m !== 'object' || Array.isArray(m)) throw bad('meeting', '会议信息格式不正确');
  const extra = Object.keys(m).filter((k) => !KEYS.has(k));
  if (extra.length) throw bad(`meeting.${extra[0]}`, `会议信息含未知字段：${extra.join('、')}`);
  const { startsAt, endsAt, place } = m as Record<string, unknown>;
  const start = instant(startsAt, 'meeting.startsAt');
  const end = endsAt === undefined || endsAt === null ? null : instant(endsAt, 'meeting.endsAt');
  if (end && end <= start) throw bad('meeting.endsAt', '会议结束时间须晚于开始时间');
  if (typeof place !== 'string' || !place.trim() || place.length > 200) throw bad('meeting.place', '须填写会议地点（200 字以内）');
  return { startsAt: start, endsAt: end, place: place.trim() };
}

/** The attendee ids of a decide_attendance input, unique, or a clear refusal. */
export function attendeeIdsOf(v: unknown): string[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || !x || x.length > 40)) throw bad('attendeeIds', '参会人员须为人员 ID 列表');
  const ids = [...new Set(v as string[])];
  if (ids.length > MAX_ATTENDEES) throw bad('attendeeIds', `参会人员不能超过 ${MAX_ATTENDEES} 人`);
  return ids;
}

/**
 * Refuses people who cannot attend: unknown, disabled, or without the clearance to read the notice
 * (they could not open what they are sent; the inbox hides a record its reader may not read).
 */
export function checkAttendees(ids: string[], found: Pick<PersonTable, 'id' | 'name' | 'status' | 'clearance'>[], classification: number) {
  const byId = new Map(found.map((p) => [p.id, p]));
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length) throw new AppError('unprocessable', '参会人员不存在', { field: 'attendeeIds', unknown });
  const inactive = ids.filter((id) => byId.get(id)!.status !== 'active');
  if (inactive.length) throw new AppError('unprocessable', `参会人员已停用：${inactive.map((id) => byId.get(id)!.name).join('、')}`, { field: 'attendeeIds', inactive });
  const uncleared = ids.filter((id) => byId.get(id)!.clearance < classification);
  if (uncleared.length) throw new AppError('unprocessable', `参会人员涉密等级不足：${uncleared.map((id) => byId.get(id)!.name).join('、')}`, { field: 'attendeeIds', uncleared });
  return ids.map((id) => byId.get(id)!);
}

/** "2026年12月1日 09:00–11:30" in the company's time zone. */
export function meetingWhen(m: Pick<MeetingData, 'startsAt' | 'endsAt'>, tz: string): string {
  const day = (iso: string) => new Intl.DateTimeFormat('zh-CN', { timeZone: tz, year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(iso));
  const time = (iso: string) => new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
  if (!m.endsAt) return `${day(m.startsAt)} ${time(m.startsAt)}`;
  return day(m.startsAt) === day(m.endsAt) ? `${day(m.startsAt)} ${time(m.startsAt)}–${time(m.endsAt)}` : `${day(m.startsAt)} ${time(m.startsAt)} 至 ${day(m.endsAt)} ${time(m.endsAt)}`;
}
