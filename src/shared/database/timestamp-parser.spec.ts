import pg from 'pg';
import { parseTimestamptz } from './timestamp-parser.js';

const pgParser = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ);

/** The text PostgreSQL writes for a timestamptz in ISO DateStyle, at a whole-hour offset. */
function postgresText(date: Date, offsetHours: number, fractionDigits: number): string {
  const local = new Date(date.getTime() + offsetHours * 3_600_000).toISOString();
  const micros = String(date.getUTCMilliseconds() * 1000 + 437).padStart(6, '0');
  const fraction = fractionDigits > 0 ? `.${micros.slice(0, fractionDigits)}` : '';
  const offset = `${offsetHours < 0 ? '-' : '+'}${String(Math.abs(offsetHours)).padStart(2, '0')}`;
  return `${local.slice(0, 10)} ${local.slice(11, 19)}${fraction}${offset}`;
}

describe('parseTimestamptz', () => {
  it('reads what pg reads, at any whole-hour offset and any number of fraction digits', () => {
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 5_000; i++) {
      const date = new Date(Date.UTC(1000, 0, 1) + random() * (Date.UTC(9999, 11, 31) - Date.UTC(1000, 0, 1)));
      const text = postgresText(date, Math.floor(random() * 27) - 12, Math.floor(random() * 7));
      expect([text, parseTimestamptz(text).getTime()]).toEqual([text, (pgParser(text) as Date).getTime()]);
    }
  });

  it('leaves every other form to pg', () => {
    for (const text of [
      '2026-12-01 19:45:39+05:30',
      '2026-12-01 19:45:39.5-03:30:15',
      '0099-01-09 03:05:09+00',
      '0999-01-09 03:05:09.25+00',
      '10000-01-01 00:00:00+00',
      '2026-12-01 19:45:39+00 BC',
      'infinity',
      '-infinity',
    ]) {
      expect([text, parseTimestamptz(text)]).toEqual([text, pgParser(text)]);
    }
  });
});
