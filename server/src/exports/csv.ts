/** One CSV cell before formatting: text, a number, or nothing (an empty cell). */
export type CsvValue = string | number | null;

/** The byte-order mark that makes spreadsheet programs read the file as UTF-8. */
export const CSV_BOM = '\uFEFF';

/** Characters that make a spreadsheet read a text cell as a formula (OWASP CSV injection). */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * A cell's text, made inert for spreadsheets. Pure.
 * - text starting with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`, so that
 *   Excel, LibreOffice and Google Sheets show it as text instead of evaluating it;
 * - numbers are written plainly (a number is never a formula, and `-3` must stay a number);
 * - null, and numbers that are not finite, are empty cells.
 */
export const neutraliseCell = (value: CsvValue): string => {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return FORMULA_TRIGGERS.has(value.charAt(0)) ? `'${value}` : value;
};

/** Quotes a cell per RFC 4180 when it holds a comma, a double quote, CR or LF. Pure. */
const quote = (cell: string): string =>
  /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;

/**
 * RFC 4180 CSV of `rows` (the first is usually the header): cells neutralised against
 * formula injection, quoted when needed, every record ended by CRLF. No BOM (see CSV_BOM).
 * Pure.
 */
export const toCsv = (rows: readonly (readonly CsvValue[])[]): string =>
  rows.map((row) => `${row.map((value) => quote(neutraliseCell(value))).join(',')}\r\n`).join('');
