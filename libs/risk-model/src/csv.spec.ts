import { CsvError, parseCsv } from './csv';

function errorOf(text: string): CsvError {
  try {
    parseCsv(text);
  } catch (err) {
    if (err instanceof CsvError) return err;
    throw err;
  }
  throw new Error('expected a CsvError');
}

describe('parseCsv', () => {
  it('reads quoted fields with embedded commas, doubled quotes and line breaks', () => {
    const sut = parseCsv('id,note,n\r\nA,"a, b",1\r\nB,"say ""hi""",2\r\nC,"two\r\nlines",3\r\n');
    expect(sut.header).toEqual(['id', 'note', 'n']);
    expect(sut.records.map((r) => r.cells)).toEqual([
      ['A', 'a, b', '1'],
      ['B', 'say "hi"', '2'],
      ['C', 'two\r\nlines', '3'],
    ]);
  });

  it('numbers records by the file line they start on, counting line breaks inside quotes', () => {
    const sut = parseCsv('id,note\nA,"x\ny\nz"\nB,ok\n');
    expect(sut.records.map((r) => [r.cells[0], r.line])).toEqual([
      ['A', 2],
      ['B', 5],
    ]);
  });

  it('keeps blank and quoted-empty cells, skips blank lines, and reads a last line without a line break', () => {
    const sut = parseCsv('a,b,c\n,"",x\n\nq,r,s');
    expect(sut.records.map((r) => r.cells)).toEqual([
      ['', '', 'x'],
      ['q', 'r', 's'],
    ]);
  });

  it('names the line of a record with the wrong number of fields', () => {
    const err = errorOf('a,b\n1,2\n1,2,3\n');
    expect(err.line).toBe(3);
    expect(err.message).toBe('line 3: 3 fields where the header has 2');
  });

  it('names the line where an unclosed quoted field starts', () => {
    expect(errorOf('a,b\n1,2\n3,"never closed\n4,5\n').message).toMatch(/^line 3: a quoted field is never closed/);
  });

  it('rejects a quote inside an unquoted field and text after a closing quote, naming the line', () => {
    expect(errorOf('a,b\n1,x"y\n').message).toMatch(/^line 2: a quote inside an unquoted field/);
    expect(errorOf('a,b\n1,"x"y\n').message).toMatch(/^line 2: unexpected 'y' after a closing quote/);
  });

  it('rejects an empty file', () => {
    expect(errorOf('').message).toMatch(/^line 1: the file is empty/);
  });
});
