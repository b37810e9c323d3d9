export type CsvDelimiter = ',' | ';' | '\t';

export interface CsvOptions {
  /** The field separator; detected from the header line when not given. */
  delimiter?: CsvDelimiter;
  /** Most data rows accepted (the header not counted); 100 000 when not given. */
  maxRows?: number;
}

export type CsvResult =
  | {
      ok: true;
      /** One object per data row, keyed by column name; values are the raw strings. */
      records: Record<string, string>[];
      /** The column names, in order, after trimming, renaming and de-duplication. */
      columns: string[];
      /** Rows that were skipped, with the reason; at most 20 kept. */
      problems: string[];
    }
  | { ok: false; reason: string };

const MAX_PROBLEMS = 20;
const DEFAULT_MAX_ROWS = 100_000;
const CANDIDATES: readonly CsvDelimiter[] = [',', ';', '\t'];
/** Names that must never become keys of a plain object. */
const UNSAFE_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const BOM = '\uFEFF';

/**
 * The delimiter occurring most often outside quotes on the first non-empty line; ties go to
 * the earlier candidate (`,` then `;` then tab), and a line with none of them gives `,`.
 */
const detectDelimiter = (text: string): CsvDelimiter => {
  const counts = new Map<string, number>(CANDIDATES.map((d) => [d, 0]));
  let i = 0;
  while (i < text.length && (text.charCodeAt(i) === LF || text.charCodeAt(i) === CR)) i++;
  let quoted = false;
  for (; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (ch === '\n' || ch === '\r') break;
    else if (counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best: CsvDelimiter = ',';
  for (const d of CANDIDATES) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return best;
};

/**
 * Header names made safe to use as keys: trimmed; empty or prototype-related names become
 * `column_<n>` (1-based); later duplicates get `_2`, `_3`, … skipping names already in use.
 */
const columnNames = (header: string[]): string[] => {
  const base = header.map((raw, index) => {
    const name = raw.trim();
    return name === '' || UNSAFE_NAMES.has(name) ? `column_${index + 1}` : name;
  });
  const reserved = new Set(base);
  const taken = new Set<string>();
  return base.map((name) => {
    let unique = name;
    for (let k = 2; taken.has(unique); k++) {
      const candidate = `${name}_${k}`;
      if (!reserved.has(candidate)) unique = candidate;
    }
    taken.add(unique);
    return unique;
  });
};

/**
 * Parses CSV text (RFC 4180) whose first row is the header into one record per data row.
 * Pure, one linear pass. Quoted fields may hold delimiters, line breaks and doubled quotes;
 * CRLF, LF and lone CR all end a row; a leading UTF-8 BOM is dropped and empty lines are
 * skipped. Values are kept exactly as written (no trimming, no number conversion, so a
 * decimal comma such as "12,5" survives). Text after a closing quote is appended to the
 * field as written. A row whose field count differs from the header's is skipped and reported
 * as `row <n>`, counting non-empty rows with the header as row 1. Empty text, an unterminated
 * quoted field or more than `maxRows` data rows refuse the whole text.
 */
export const parseCsv = (text: string, options: CsvOptions = {}): CsvResult => {
  const source = text.startsWith(BOM) ? text.slice(1) : text;
  if (!/\S/.test(source)) return { ok: false, reason: 'no header row: the CSV text is empty' };
  const delimiter = options.delimiter ?? detectDelimiter(source);
  const delimiterCode = delimiter.charCodeAt(0);
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const n = source.length;

  /** End of an unquoted stretch: the next delimiter or line break, or the end of the text. */
  const stretchEnd = (from: number): number => {
    let j = from;
    while (j < n) {
      const c = source.charCodeAt(j);
      if (c === delimiterCode || c === LF || c === CR) break;
      j++;
    }
    return j;
  };

  let columns: string[] | null = null;
  const records: Record<string, string>[] = [];
  const problems: string[] = [];
  let row = 0;
  let i = 0;
  while (i < n) {
    const first = source.charCodeAt(i);
    if (first === LF || first === CR) {
      // An empty line: nothing to read.
      i += first === CR && source.charCodeAt(i + 1) === LF ? 2 : 1;
      continue;
    }
    row++;
    const fields: string[] = [];
    for (;;) {
      let value = '';
      if (source.charCodeAt(i) === QUOTE) {
        let segment = i + 1;
        for (;;) {
          const q = source.indexOf('"', segment);
          if (q === -1) {
            return { ok: false, reason: `unterminated quoted field starting on row ${row}` };
          }
          if (source.charCodeAt(q + 1) === QUOTE) {
            value += source.slice(segment, q + 1);
            segment = q + 2;
            continue;
          }
          value += source.slice(segment, q);
          i = q + 1;
          break;
        }
      }
      const end = stretchEnd(i);
      if (end > i) value += source.slice(i, end);
      i = end;
      fields.push(value);
      if (i < n && source.charCodeAt(i) === delimiterCode) {
        i++;
        continue;
      }
      if (i < n) i += source.charCodeAt(i) === CR && source.charCodeAt(i + 1) === LF ? 2 : 1;
      break;
    }

    if (columns === null) {
      columns = columnNames(fields);
      continue;
    }
    if (row - 1 > maxRows) return { ok: false, reason: `more than ${maxRows} rows` };
    if (fields.length !== columns.length) {
      if (problems.length < MAX_PROBLEMS) {
        problems.push(`row ${row}: expected ${columns.length} fields, found ${fields.length}`);
      }
      continue;
    }
    const record: Record<string, string> = {};
    columns.forEach((name, index) => {
      record[name] = fields[index] as string;
    });
    records.push(record);
  }
  if (columns === null) return { ok: false, reason: 'no header row: the CSV text is empty' };
  return { ok: true, records, columns, problems };
};
