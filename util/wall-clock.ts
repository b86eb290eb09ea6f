/**
 * The wall clock of a time zone: what a clock on the office's wall shows at an instant,
 * returned as a Date whose UTC fields are those wall-clock fields. Shared by documents
 * (timestamps in local time) and the scheduler (a schedule's local time as an instant).
 */
const formats = new Map<string, Intl.DateTimeFormat>();

export function wallClockOf(at: Date, timeZone: string): Date {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formats.set(timeZone, format);
  }
  const p = Object.fromEntries(format.formatToParts(at).map((x) => [x.type, x.value]));
  return new Date(Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!));
}
