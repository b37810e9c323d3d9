import { describe, expect, it } from 'vitest';
import { CSV_BOM, type CsvValue, neutraliseCell, toCsv } from './csv';

describe('neutraliseCell', () => {
  it.each<[string, CsvValue, string]>([
    ['plain text stays', 'Mực nước vượt báo động', 'Mực nước vượt báo động'],
    ['= is prefixed', '=1+1', "'=1+1"],
    ['+ is prefixed', '+84 28 3829 6052', "'+84 28 3829 6052"],
    ['- in text is prefixed', '-2+3', "'-2+3"],
    ['@ is prefixed', '@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['a leading tab is prefixed', '\t=1', "'\t=1"],
    ['a leading CR is prefixed', '\r=1', "'\r=1"],
    ['a DDE payload is prefixed', "=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ['a trigger later in the text is harmless', 'a=b', 'a=b'],
    ['a leading space is not a trigger', ' =1', ' =1'],
    ['empty text is empty', '', ''],
    ['null is empty', null, ''],
    ['an integer is written plainly', 42, '42'],
    ['a negative number stays a number', -3.5, '-3.5'],
    ['NaN is empty', Number.NaN, ''],
    ['Infinity is empty', Number.POSITIVE_INFINITY, ''],
  ])('%s', (_, value, expected) => {
    expect(neutraliseCell(value)).toBe(expected);
  });
});

describe('toCsv', () => {
  it.each<[string, CsvValue[][], string]>([
    [
      'ends every record with CRLF',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
      'a,b\r\nc,d\r\n',
    ],
    ['writes null as an empty cell', [['a', null, 'c']], 'a,,c\r\n'],
    ['writes numbers', [[1, 2.5, -7]], '1,2.5,-7\r\n'],
    ['quotes a cell with a comma', [['Quận 1, TP.HCM']], '"Quận 1, TP.HCM"\r\n'],
    ['doubles quotes inside a quoted cell', [['say "hi"']], '"say ""hi"""\r\n'],
    ['quotes a cell with LF', [['line 1\nline 2']], '"line 1\nline 2"\r\n'],
    ['quotes a cell with CR', [['a\rb']], '"a\rb"\r\n'],
    ['neutralises then quotes', [['=1,2']], `"'=1,2"\r\n`],
    ['a leading CR is neutralised and quoted', [['\r=1']], `"'\r=1"\r\n`],
    [
      'keeps Vietnamese text as is',
      [['Sở Tài nguyên và Môi trường', 'Ngập úng đường Nguyễn Hữu Cảnh']],
      'Sở Tài nguyên và Môi trường,Ngập úng đường Nguyễn Hữu Cảnh\r\n',
    ],
    ['an empty table is empty', [], ''],
  ])('%s', (_, rows, expected) => {
    expect(toCsv(rows)).toBe(expected);
  });

  it('makes a HYPERLINK formula inert text', () => {
    const csv = toCsv([['=HYPERLINK("http://evil")', 'x']]);
    expect(csv).toBe(`"'=HYPERLINK(""http://evil"")",x\r\n`);
    // The first cell, unquoted, starts with the quote mark: no spreadsheet evaluates it.
    expect(csv.startsWith(`"'=`)).toBe(true);
  });

  it('does not add the byte-order mark itself', () => {
    expect(toCsv([['a']]).startsWith(CSV_BOM)).toBe(false);
    expect(CSV_BOM).toBe('\uFEFF');
  });
});
