// Batch forming (seed 五 5.10) with an injected clock, on the official calendar the server seeds:
// twice a day on working days; after the last batch a document waits for the next working day's
// first, across a weekend, the National Day holiday and a 调休 Saturday.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchOf, parseBatchTimes, zonedInstant } from '../../server/modules/documents/incoming/gm-batch.js';
import { startServer, type TestServer } from '../helpers/server.js';

const TZ = 'Asia/Shanghai';
/** A wall-clock time in Beijing as an instant. */
const at = (local: string) => new Date(`${local}+08:00`);

describe('GM instruction batches', () => {
  let s: TestServer;
  let isWorkingDay: (d: string) => boolean;
  const times = parseBatchTimes('10:00,16:00');
  const batch = (local: string) => batchOf(at(local), times, TZ, isWorkingDay).key;

  beforeAll(async () => {
    s = await startServer({ demo: false, background: false });
    await s.ctx.calendar.load();
    isWorkingDay = (d) => s.ctx.calendar.isWorkingDay(d);
  });
  afterAll(async () => s?.close());

  it('puts a document into the next batch that closes after it arrives, on a working day', () => {
    expect(batch('2026-11-26T08:30:00')).toBe('2026-11-26 10:00'); // Thursday morning
    expect(batch('2026-11-26T09:59:59')).toBe('2026-11-26 10:00');
    expect(batch('2026-11-26T10:00:00')).toBe('2026-11-26 16:00'); // at the closing minute: too late
    expect(batch('2026-11-26T15:00:00')).toBe('2026-11-26 16:00');
    expect(batch('2026-11-26T16:30:00')).toBe('2026-11-27 10:00'); // after 16:00 → next working day
  });

  it('skips a weekend', () => {
    expect(batch('2026-11-27T16:00:01')).toBe('2026-11-30 10:00'); // Friday evening → Monday
    expect(batch('2026-11-28T11:00:00')).toBe('2026-11-30 10:00'); // Saturday
    expect(batch('2026-11-29T23:59:00')).toBe('2026-11-30 10:00'); // Sunday night
  });

  it('skips the National Day holiday and counts a 调休 Saturday as a working day', () => {
    expect(isWorkingDay('2026-10-01')).toBe(false);
    expect(batch('2026-09-30T17:00:00')).toBe('2026-10-08 10:00'); // the eve of 国庆 → after the holiday
    expect(batch('2026-10-03T09:00:00')).toBe('2026-10-08 10:00');
    expect(batch('2026-10-09T16:30:00')).toBe('2026-10-10 10:00'); // Saturday 10 Oct is a 调休 working day
  });

  it('works from the UTC instant, whatever the server clock zone', () => {
    // 2026-11-26 02:30 UTC is 10:30 in Beijing: past the 10:00 batch.
    expect(batchOf(new Date('2026-11-26T02:30:00Z'), times, TZ, isWorkingDay)).toEqual({ key: '2026-11-26 16:00', date: '2026-11-26', time: '16:00', closesAt: '2026-11-26T08:00:00.000Z' });
    expect(zonedInstant('2026-03-08', '10:00', 'America/New_York').toISOString()).toBe('2026-03-08T14:00:00.000Z'); // after the DST change
  });

  it('takes configured times and refuses malformed ones', () => {
    expect(parseBatchTimes(' 16:00, 09:30 ,16:00')).toEqual(['09:30', '16:00']);
    expect(batchOf(at('2026-11-26T09:00:00'), parseBatchTimes('09:30'), TZ, isWorkingDay).key).toBe('2026-11-26 09:30');
    for (const bad of ['', '25:00', '10', '10:00,4pm']) expect(() => parseBatchTimes(bad)).toThrow();
  });
});
