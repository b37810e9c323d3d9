import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CsvDelimiter, parseCsv } from './csv';

const EMPTY_REASON = 'no header row: the CSV text is empty';

describe('parseCsv', () => {
  it('reads the header and one record per data row', () => {
    expect(parseCsv('id,name\n1,Alpha\n2,Beta')).toEqual({
      ok: true,
      records: [
        { id: '1', name: 'Alpha' },
        { id: '2', name: 'Beta' },
      ],
      columns: ['id', 'name'],
      problems: [],
    });
  });

  it.each([
    ['LF', 'a,b\n1,2\n3,4'],
    ['CRLF', 'a,b\r\n1,2\r\n3,4'],
    ['lone CR', 'a,b\r1,2\r3,4'],
    ['mixed', 'a,b\r\n1,2\r3,4'],
    ['a trailing LF', 'a,b\n1,2\n3,4\n'],
    ['a trailing CRLF', 'a,b\r\n1,2\r\n3,4\r\n'],
    ['a trailing CR', 'a,b\r1,2\r3,4\r'],
    ['several trailing line ends', 'a,b\n1,2\n3,4\n\r\n\n'],
    ['empty lines between rows', 'a,b\n\n1,2\r\n\r\n\r3,4'],
    ['empty lines before the header', '\n\r\n\ra,b\n1,2\n3,4'],
    ['a UTF-8 BOM', '\uFEFFa,b\n1,2\n3,4'],
    ['a UTF-8 BOM and CRLF', '\uFEFFa,b\r\n1,2\r\n3,4\r\n'],
  ])('handles %s', (_name, text) => {
    expect(parseCsv(text)).toEqual({
      ok: true,
      records: [
        { a: '1', b: '2' },
        { a: '3', b: '4' },
      ],
      columns: ['a', 'b'],
      problems: [],
    });
  });

  it.each([
    ['an embedded delimiter', '"x,y"', 'x,y'],
    ['an embedded LF', '"line 1\nline 2"', 'line 1\nline 2'],
    ['an embedded CRLF, kept as written', '"line 1\r\nline 2"', 'line 1\r\nline 2'],
    ['an embedded lone CR', '"line 1\rline 2"', 'line 1\rline 2'],
    ['doubled quotes', '"say ""hi"""', 'say "hi"'],
    ['only a doubled quote', '""""', '"'],
    ['an empty quoted value', '""', ''],
    ['spaces inside quotes', '"  padded  "', '  padded  '],
    ['an empty line inside quotes', '"a\n\nb"', 'a\n\nb'],
    ['a delimiter and quotes together', '"a,""b"",c"', 'a,"b",c'],
    ['text after the closing quote, appended', '"ab"cd', 'abcd'],
    ['a quote inside an unquoted value, kept', '5" pipe', '5" pipe'],
    ['spaces before a quote, which leave the value unquoted', ' "x"', ' "x"'],
    ['spaces around an unquoted value', '  x  ', '  x  '],
    ['a number with a leading zero, kept as a string', '007', '007'],
  ])('reads a value with %s', (_name, field, value) => {
    for (const end of ['', '\n', '\r\n']) {
      expect(parseCsv(`k,v,z\nfirst,${field},last${end}`)).toEqual({
        ok: true,
        records: [{ k: 'first', v: value, z: 'last' }],
        columns: ['k', 'v', 'z'],
        problems: [],
      });
      // The same value as the last field of the text.
      expect(parseCsv(`k,v\nfirst,${field}${end}`)).toEqual({
        ok: true,
        records: [{ k: 'first', v: value }],
        columns: ['k', 'v'],
        problems: [],
      });
    }
  });

  it('reads empty fields, including a trailing delimiter', () => {
    expect(parseCsv('a,b,c\n,,\n1,,\n,,3\n1,')).toEqual({
      ok: true,
      records: [
        { a: '', b: '', c: '' },
        { a: '1', b: '', c: '' },
        { a: '', b: '', c: '3' },
      ],
      columns: ['a', 'b', 'c'],
      problems: ['row 5: expected 3 fields, found 2'],
    });
  });

  it('reads a quoted empty value in a one-column file as a record, but skips an empty line', () => {
    expect(parseCsv('only\n""\n\nx\n')).toEqual({
      ok: true,
      records: [{ only: '' }, { only: 'x' }],
      columns: ['only'],
      problems: [],
    });
  });

  it('reads a quoted field spanning lines as one row', () => {
    expect(parseCsv('id,note\n1,"first\nsecond\r\nthird"\n2,plain\n3')).toEqual({
      ok: true,
      records: [
        { id: '1', note: 'first\nsecond\r\nthird' },
        { id: '2', note: 'plain' },
      ],
      columns: ['id', 'note'],
      problems: ['row 4: expected 2 fields, found 1'],
    });
  });

  it('drops a BOM before a quoted header name', () => {
    expect(parseCsv('\uFEFF"id";"tên, đầy đủ"\r\n1;Phú An')).toEqual({
      ok: true,
      records: [{ id: '1', 'tên, đầy đủ': 'Phú An' }],
      columns: ['id', 'tên, đầy đủ'],
      problems: [],
    });
  });

  it('drops a BOM only at the very start of the text', () => {
    const result = parseCsv('a,b\n\uFEFFx,y');
    expect(result).toEqual({
      ok: true,
      records: [{ a: '\uFEFFx', b: 'y' }],
      columns: ['a', 'b'],
      problems: [],
    });
  });

  it('reads a Vietnamese export with ";", diacritics and decimal commas, keeping strings', () => {
    const text =
      '\uFEFFma_tram;ten_tram;thoi_gian;muc_nuoc_cm\r\n' +
      'PA01;"Trạm Phú An";"2026-11-23 07:00";"12,5"\r\n' +
      'BT02;Trạm Bến Thủy;2026-11-23 07:00;-3,75\r\n' +
      'CL03;"Cầu Long; nhánh ""Đông""";2026-11-23 07:00;0\r\n';
    expect(parseCsv(text)).toEqual({
      ok: true,
      records: [
        {
          ma_tram: 'PA01',
          ten_tram: 'Trạm Phú An',
          thoi_gian: '2026-11-23 07:00',
          muc_nuoc_cm: '12,5',
        },
        {
          ma_tram: 'BT02',
          ten_tram: 'Trạm Bến Thủy',
          thoi_gian: '2026-11-23 07:00',
          muc_nuoc_cm: '-3,75',
        },
        {
          ma_tram: 'CL03',
          ten_tram: 'Cầu Long; nhánh "Đông"',
          thoi_gian: '2026-11-23 07:00',
          muc_nuoc_cm: '0',
        },
      ],
      columns: ['ma_tram', 'ten_tram', 'thoi_gian', 'muc_nuoc_cm'],
      problems: [],
    });
  });

  it('keeps Vietnamese header names with diacritics as written, only trimmed', () => {
    expect(parseCsv(' Mã trạm ;Mực nước (cm)\nPA01;12,5')).toEqual({
      ok: true,
      records: [{ 'Mã trạm': 'PA01', 'Mực nước (cm)': '12,5' }],
      columns: ['Mã trạm', 'Mực nước (cm)'],
      problems: [],
    });
  });

  describe('delimiter detection', () => {
    it.each<[string, string, string[]]>([
      ['commas', 'a,b,c', ['a', 'b', 'c']],
      ['semicolons', 'a;b;c', ['a', 'b', 'c']],
      ['tabs', 'a\tb\tc', ['a', 'b', 'c']],
      ['more semicolons than commas', 'a,1;b;c', ['a,1', 'b', 'c']],
      ['more tabs than semicolons', 'a;1\tb\tc', ['a;1', 'b', 'c']],
      ['more commas than tabs', 'a\t1,b,c', ['a\t1', 'b', 'c']],
      ['a tie between comma and semicolon, going to comma', 'a;b,c', ['a;b', 'c']],
      ['a tie between comma and tab, going to comma', 'a\tb,c', ['a\tb', 'c']],
      ['a tie between semicolon and tab, going to semicolon', 'a\tb;c', ['a\tb', 'c']],
      ['no delimiter at all, one column', 'only', ['only']],
      ['semicolons inside quotes, not counted', '"x;y;z",b', ['x;y;z', 'b']],
      ['commas inside quotes, not counted', '"a,b,c";"d,e";f', ['a,b,c', 'd,e', 'f']],
      ['a quoted header spanning lines', '"a\n,,,";b;c', ['a\n,,,', 'b', 'c']],
      ['the first non-empty line', '\n\r\na;b', ['a', 'b']],
    ])('detects %s', (_name, header, columns) => {
      const result = parseCsv(header);
      expect(result).toEqual({ ok: true, records: [], columns, problems: [] });
    });

    it('looks at the header line only', () => {
      expect(parseCsv('a,b\n1;2;3;4;5,6')).toEqual({
        ok: true,
        records: [{ a: '1;2;3;4;5', b: '6' }],
        columns: ['a', 'b'],
        problems: [],
      });
    });

    it.each<[CsvDelimiter, string, Record<string, string>]>([
      [',', 'a;b,c\n1;2,3', { 'a;b': '1;2', c: '3' }],
      [';', 'a;b,c\n1;2,3', { a: '1', 'b,c': '2,3' }],
      ['\t', 'a;b\tc\n1;2\t3', { 'a;b': '1;2', c: '3' }],
      [';', 'only\nx,y', { only: 'x,y' }],
    ])('uses a given delimiter %j over detection', (delimiter, text, record) => {
      const result = parseCsv(text, { delimiter });
      expect(result).toEqual({
        ok: true,
        records: [record],
        columns: Object.keys(record),
        problems: [],
      });
    });
  });

  describe('header names', () => {
    it.each<[string, string, string[]]>([
      ['trimmed', ' a ,\tb\t, c', ['a', 'b', 'c']],
      ['empty, renamed by position', ',b,', ['column_1', 'b', 'column_3']],
      ['blank, renamed by position', 'a,  ,"  "', ['a', 'column_2', 'column_3']],
      ['duplicated, suffixed', 'a,a,b,a', ['a', 'a_2', 'b', 'a_3']],
      ['duplicated after trimming', 'a, a ,a', ['a', 'a_2', 'a_3']],
      ['duplicated next to an existing suffixed name', 'a,a,a_2', ['a', 'a_3', 'a_2']],
      [
        'suffixed when a renamed column repeats a real name',
        'column_2,',
        ['column_2', 'column_2_2'],
      ],
      ['empty and suffixed together', ',column_1', ['column_1', 'column_1_2']],
      ['__proto__, renamed', 'a,__proto__', ['a', 'column_2']],
      ['constructor, renamed', 'constructor,b', ['column_1', 'b']],
      ['prototype, renamed', 'a,b, prototype ', ['a', 'b', 'column_3']],
      ['unsafe names only when exact', '__proto__x,Constructor', ['__proto__x', 'Constructor']],
      ['quoted', '"a b","c,d"', ['a b', 'c,d']],
    ])('are %s', (_name, header, columns) => {
      const result = parseCsv(`${header}\n${columns.map(() => 'v').join(',')}`);
      expect(result.ok && result.columns).toEqual(columns);
      expect(result.ok && result.records).toEqual([
        Object.fromEntries(columns.map((c) => [c, 'v'])),
      ]);
    });

    it('never lets a header name reach the prototype', () => {
      const result = parseCsv('__proto__,constructor,prototype\n{"polluted":1},x,y\n');
      expect(result).toEqual({
        ok: true,
        records: [{ column_1: '{"polluted":1}', column_2: 'x', column_3: 'y' }],
        columns: ['column_1', 'column_2', 'column_3'],
        problems: [],
      });
      if (!result.ok) throw new Error('expected ok');
      const [record] = result.records;
      expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
      expect(Object.keys(record ?? {})).toEqual(['column_1', 'column_2', 'column_3']);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  });

  describe('row problems', () => {
    it('skips and reports rows with too few or too many fields, keeping the rest', () => {
      expect(parseCsv('a,b,c\n1,2,3\n1,2\n\n1,2,3,4\n4,5,6\nx\n')).toEqual({
        ok: true,
        records: [
          { a: '1', b: '2', c: '3' },
          { a: '4', b: '5', c: '6' },
        ],
        columns: ['a', 'b', 'c'],
        problems: [
          'row 3: expected 3 fields, found 2',
          'row 4: expected 3 fields, found 4',
          'row 6: expected 3 fields, found 1',
        ],
      });
    });

    it('does not count empty lines or line breaks inside quotes in row numbers', () => {
      expect(parseCsv('a,b\n\n"1\n\n",2\n\r\n\r\nbad\n')).toEqual({
        ok: true,
        records: [{ a: '1\n\n', b: '2' }],
        columns: ['a', 'b'],
        problems: ['row 3: expected 2 fields, found 1'],
      });
    });

    it('reports a line of spaces, which is not empty, as a short row', () => {
      expect(parseCsv('a,b\n   \n1,2')).toEqual({
        ok: true,
        records: [{ a: '1', b: '2' }],
        columns: ['a', 'b'],
        problems: ['row 2: expected 2 fields, found 1'],
      });
    });

    it('keeps at most 20 problems but skips every bad row', () => {
      const bad = Array.from({ length: 25 }, (_, i) => `bad${i}`);
      const result = parseCsv(['a,b', ...bad, '1,2'].join('\n'));
      expect(result).toEqual({
        ok: true,
        records: [{ a: '1', b: '2' }],
        columns: ['a', 'b'],
        problems: Array.from({ length: 20 }, (_, i) => `row ${i + 2}: expected 2 fields, found 1`),
      });
    });
  });

  describe('refusals', () => {
    it.each([
      ['empty text', ''],
      ['only a BOM', '\uFEFF'],
      ['only line breaks', '\n\r\n\r'],
      ['only whitespace', ' \t \n  \r\n'],
      ['a BOM and line breaks', '\uFEFF\r\n\r\n'],
    ])('refuses %s: no header row', (_name, text) => {
      expect(parseCsv(text)).toEqual({ ok: false, reason: EMPTY_REASON });
    });

    it('accepts a header without data rows', () => {
      expect(parseCsv('a;b\r\n')).toEqual({
        ok: true,
        records: [],
        columns: ['a', 'b'],
        problems: [],
      });
    });

    it.each([
      ['in the header', '"a,b\n1,2', 1],
      ['in the header after empty lines', '\n\n"a', 1],
      ['in the first data row', 'a,b\n1,"2\n', 2],
      ['at the very end', 'a,b\n1,2\n3,"', 3],
      ['after a closed field with doubled quotes', 'a,b\n1,"x""y"\n"3,4', 3],
      ['after a row spanning lines', 'a,b\n"1\n\n\n",2\n3,"4""', 3],
      ['ending in a doubled quote', 'a,b\n1,2\n\n3,"4""', 3],
      ['with a semicolon delimiter', 'a;b\n1;2\n1;"2;3', 3],
    ])('refuses an unterminated quoted field %s', (_name, text, row) => {
      expect(parseCsv(text)).toEqual({
        ok: false,
        reason: `unterminated quoted field starting on row ${row}`,
      });
    });

    it.each([
      ['exactly maxRows data rows', 'a\n1\n2\n3', 3, true],
      ['one row more than maxRows', 'a\n1\n2\n3\n4', 3, false],
      ['a bad row, which counts too', 'a\n1\n2\n3\n4,5', 3, false],
      ['empty lines, which do not count', 'a\n1\n\n2\n\n3\n\n', 3, true],
      ['zero rows allowed and none given', 'a\n', 0, true],
      ['zero rows allowed and one given', 'a\n1', 0, false],
    ])('limits the rows: %s', (_name, text, maxRows, ok) => {
      const result = parseCsv(text, { maxRows });
      expect(result.ok).toBe(ok);
      if (!ok) expect(result).toEqual({ ok: false, reason: `more than ${maxRows} rows` });
    });

    it('allows 100 000 data rows by default and refuses more', () => {
      const rows = (count: number) => `id;v\n${'7;"1,5"\n'.repeat(count)}`;
      const accepted = parseCsv(rows(100_000));
      expect(accepted.ok && accepted.records.length).toBe(100_000);
      expect(accepted.ok && accepted.records[99_999]).toEqual({ id: '7', v: '1,5' });
      expect(parseCsv(rows(100_001))).toEqual({ ok: false, reason: 'more than 100000 rows' });
    });
  });

  it('reads long quoted fields with many doubled quotes and line breaks', () => {
    const value = '"\n,'.repeat(50_000);
    const quoted = `"${value.replaceAll('"', '""')}"`;
    const result = parseCsv(`a,b\n${quoted},x\n`);
    expect(result.ok && result.records[0]?.a).toBe(value);
    expect(result.ok && result.records[0]?.b).toBe('x');
  });

  it('reads back any table written with RFC 4180 quoting', () => {
    const delimiters: CsvDelimiter[] = [',', ';', '\t'];
    const name = fc
      .string({ minLength: 1, maxLength: 8, unit: 'grapheme' })
      .filter(
        (s) =>
          s === s.trim() &&
          s !== '' &&
          !/^column_\d+$/.test(s) &&
          !/^(__proto__|constructor|prototype)$/.test(s),
      );
    const value = fc.string({
      maxLength: 10,
      unit: fc.constantFrom('a', 'ạ', ' ', ',', ';', '\t', '"', '\n', '\r', '1', '\uFEFF'),
    });
    const table = fc.uniqueArray(name, { minLength: 1, maxLength: 5 }).chain((columns) =>
      fc.record({
        columns: fc.constant(columns),
        rows: fc.array(
          fc.array(fc.tuple(value, fc.boolean()), {
            minLength: columns.length,
            maxLength: columns.length,
          }),
          { maxLength: 6 },
        ),
        delimiter: fc.constantFrom(...delimiters),
        lineEnd: fc.constantFrom('\n', '\r\n', '\r'),
        trailing: fc.boolean(),
      }),
    );
    fc.assert(
      fc.property(table, ({ columns, rows, delimiter, lineEnd, trailing }) => {
        const needsQuotes = (s: string) =>
          s === '' || s.startsWith('"') || /["\r\n]/.test(s) || s.includes(delimiter);
        const cell = (s: string, force: boolean) =>
          force || needsQuotes(s) ? `"${s.replaceAll('"', '""')}"` : s;
        const lines = [
          columns.map((c) => cell(c, true)).join(delimiter),
          ...rows.map((r) => r.map(([v, force]) => cell(v, force)).join(delimiter)),
        ];
        const text = lines.join(lineEnd) + (trailing ? lineEnd : '');
        expect(parseCsv(text, { delimiter })).toEqual({
          ok: true,
          records: rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]?.[0]]))),
          columns,
          problems: [],
        });
      }),
    );
  });

  it('never throws and always answers in the documented shape', () => {
    const text = fc.string({
      maxLength: 40,
      unit: fc.constantFrom('a', ',', ';', '\t', '"', '\n', '\r', ' ', '\uFEFF', '_'),
    });
    fc.assert(
      fc.property(text, (t) => {
        const result = parseCsv(t);
        if (!result.ok) {
          expect(result.reason).toMatch(
            /^(no header row: the CSV text is empty|unterminated quoted field starting on row \d+)$/,
          );
          return;
        }
        expect(new Set(result.columns).size).toBe(result.columns.length);
        const sorted = [...result.columns].sort();
        for (const record of result.records) expect(Object.keys(record).sort()).toEqual(sorted);
        for (const p of result.problems)
          expect(p).toMatch(/^row \d+: expected \d+ fields, found \d+$/);
      }),
    );
  });
});
