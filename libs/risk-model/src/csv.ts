/** The file cannot be read as CSV, or a cell cannot be used; `line` is the 1-based file line. */
export class CsvError extends Error {
  override readonly name = 'CsvError';
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

/** One data record with the file line it starts on (for error messages). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

export interface ParsedCsv {
  header: string[];
  records: CsvRecord[];
}

/**
 * RFC 4180 reader: comma-separated, `"` quotes fields, `""` is a quote inside a quoted field, quoted
 * fields may hold commas and line breaks, CRLF or LF line ends. Every record must have as many
 * fields as the header. Written by hand because no CSV parser is a dependency of the repo (none is
 * in node_modules) and this format needs no more than these few rules.
 *
 * @example parseCsv('id,note\nB1,"a, ""b"""\n').records[0].cells // ['B1', 'a, "b"']
 */
export function parseCsv(text: string): ParsedCsv {
  const rows: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let afterQuote = false;
  let line = 1;
  let recordLine = 1;
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;

  const endRecord = () => {
    cells.push(cell);
    // a blank line (one empty unquoted cell) is not a record
    if (!(cells.length === 1 && cells[0] === '' && !afterQuote)) rows.push({ line: recordLine, cells });
    cells = [];
    cell = '';
    afterQuote = false;
  };

  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (quoted) {
      if (ch === '"') {
        if (input[i + 1] === '"') {
          cell += '"';
          i++;
        } else {
          quoted = false;
          afterQuote = true;
        }
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === ',') {
      cells.push(cell);
      cell = '';
      afterQuote = false;
    } else if (ch === '\n' || (ch === '\r' && input[i + 1] === '\n')) {
      if (ch === '\r') i++;
      endRecord();
      line++;
      recordLine = line;
    } else if (ch === '"') {
      if (cell !== '' || afterQuote) throw new CsvError(line, 'a quote inside an unquoted field (quote the whole field and double the quote)');
      quoted = true;
    } else if (afterQuote) {
      throw new CsvError(line, `unexpected '${ch}' after a closing quote (expected a comma or the end of the line)`);
    } else {
      cell += ch;
    }
  }
  if (quoted) throw new CsvError(recordLine, 'a quoted field is never closed');
  if (cell !== '' || cells.length > 0 || afterQuote) endRecord();

  const [head, ...records] = rows;
  if (head === undefined) throw new CsvError(1, 'the file is empty (a header line is required)');
  const header = head.cells.map((name) => name.trim());
  for (const record of records) {
    if (record.cells.length !== header.length) {
      throw new CsvError(record.line, `${record.cells.length} fields where the header has ${header.length}`);
    }
  }
  return { header, records };
}
