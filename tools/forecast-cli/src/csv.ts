import { DataError } from './errors';

/** A numeric column picked out of a CSV file. */
export interface NumericColumn {
  /** Header name of the column. */
  name: string;
  values: number[];
  /** 1-based file line of each value (for error messages). */
  lines: number[];
  /** Set when the column was chosen among several numeric ones (for a note on stderr). */
  note: string | null;
}

interface ParsedCsv {
  header: string[];
  /** Data rows with their 1-based line numbers in the file. */
  rows: { line: number; cells: string[] }[];
}

interface ColumnSummary {
  numbers: number;
  /** Blank cells and missing-value markers (NA, NaN, null, …). */
  missing: { line: number; value: string }[];
  /** Cells that are neither numbers nor missing markers. */
  text: { line: number; value: string }[];
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', 'nil', '.', '-', 'inf', '+inf', '-inf', 'infinity', '+infinity', '-infinity']);

/** Splits one CSV line on `sep`, honouring double quotes ("" inside quotes is a quote). */
function splitLine(line: string, sep: string, lineNo: number): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cell += ch;
      }
    } else if (ch === '"' && cell.trim() === '' && !wasQuoted) {
      quoted = true;
      wasQuoted = true;
      cell = '';
    } else if (ch === sep) {
      cells.push(wasQuoted ? cell : cell.trim());
      cell = '';
      wasQuoted = false;
    } else if (!(wasQuoted && ch.trim() === '')) {
      cell += ch;
    }
  }
  if (quoted) throw new DataError(`line ${lineNo}: unterminated quoted field`);
  cells.push(wasQuoted ? cell : cell.trim());
  return cells;
}

function parseCsv(text: string): ParsedCsv {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  let first = 0;
  while (first < lines.length && lines[first].trim() === '') first++;
  if (first >= lines.length) throw new DataError('the file is empty');
  const headerLine = lines[first];
  const sep = [',', ';', '\t'].find((s) => headerLine.includes(s)) ?? ',';
  const header = splitLine(headerLine, sep, first + 1);
  if (header.every((h) => NUMBER.test(h))) {
    throw new DataError(`line ${first + 1} looks like data (${headerLine.trim()}); the file needs a header row naming the columns`);
  }
  const rows: ParsedCsv['rows'] = [];
  for (let i = first + 1; i < lines.length; i++) {
    // A blank line inside the data is a row of blank cells (reported as missing values).
    const cells = lines[i].trim() === '' ? header.map(() => '') : splitLine(lines[i], sep, i + 1);
    if (cells.length !== header.length) {
      throw new DataError(`line ${i + 1} has ${cells.length} field(s) but the header has ${header.length}`);
    }
    rows.push({ line: i + 1, cells });
  }
  if (rows.length === 0) throw new DataError('the file has a header row but no data rows');
  return { header, rows };
}

function summarise(parsed: ParsedCsv, index: number): ColumnSummary {
  const summary: ColumnSummary = { numbers: 0, missing: [], text: [] };
  for (const { line, cells } of parsed.rows) {
    const value = cells[index];
    if (NUMBER.test(value)) summary.numbers++;
    else if (MISSING.has(value.toLowerCase())) summary.missing.push({ line, value });
    else summary.text.push({ line, value });
  }
  return summary;
}

const quote = (value: string): string => (value === '' ? 'a blank cell' : `'${value}'`);

function lineList(cells: { line: number; value: string }[]): string {
  const shown = cells.slice(0, 5).map((c) => `line ${c.line} (${quote(c.value)})`);
  return cells.length > 5 ? `${shown.join(', ')}, …` : shown.join(', ');
}

/**
 * Reads one numeric column of a CSV text with a header row. `column` picks it
 * by name; otherwise the only numeric column is used, or the first of several
 * (then `note` says so). A column counts as numeric when its cells are numbers
 * or missing-value markers; any blank, NA, NaN, Inf or text cell in the chosen
 * column is a {@link DataError} naming the lines.
 * @example readNumericColumn('date,close\n2024-01-02,10\n2024-01-03,11\n', null).values // [10, 11]
 */
export function readNumericColumn(text: string, column: string | null): NumericColumn {
  const parsed = parseCsv(text);
  const { header } = parsed;
  const summaries = header.map((_, i) => summarise(parsed, i));
  const describe = (i: number): string => `'${header[i]}'`;
  let index: number;
  let note: string | null = null;
  if (column !== null) {
    const matches = header.flatMap((h, i) => (h === column ? [i] : []));
    const loose = header.flatMap((h, i) => (h.toLowerCase() === column.trim().toLowerCase() ? [i] : []));
    const found = matches.length > 0 ? matches : loose;
    if (found.length === 0) {
      throw new DataError(`no column named '${column}'; the columns are ${header.map((_, i) => describe(i)).join(', ')}`);
    }
    if (found.length > 1) throw new DataError(`the header has ${found.length} columns named '${column}'; rename them`);
    index = found[0];
  } else {
    const numeric = header.flatMap((_, i) => (summaries[i].numbers > 0 && summaries[i].text.length === 0 ? [i] : []));
    if (numeric.length === 0) {
      const details = header.map((h, i) => {
        const s = summaries[i];
        return s.numbers === 0 ? `'${h}' (no numbers)` : `'${h}' (${s.text.length} non-numeric cell(s): ${lineList(s.text)})`;
      });
      throw new DataError(`no numeric column: ${details.join('; ')}`);
    }
    index = numeric[0];
    if (numeric.length > 1) {
      note = `${numeric.length} numeric columns (${numeric.map(describe).join(', ')}); using the first, ${describe(index)} — choose another with --column`;
    }
  }
  const s = summaries[index];
  const name = header[index];
  if (s.text.length > 0) {
    throw new DataError(`column '${name}' has ${s.text.length} non-numeric value(s): ${lineList(s.text)}`);
  }
  if (s.missing.length > 0) {
    throw new DataError(
      `column '${name}' has ${s.missing.length} missing or non-finite value(s) (blank, NA, NaN, Inf): ${lineList(s.missing)}; ` +
        'the CLI does not drop or fill values — clean the file first',
    );
  }
  const values = parsed.rows.map((r) => Number(r.cells[index]));
  const overflow = values.findIndex((v) => !Number.isFinite(v));
  if (overflow >= 0) {
    throw new DataError(`column '${name}' line ${parsed.rows[overflow].line}: '${parsed.rows[overflow].cells[index]}' is out of range`);
  }
  return { name, values, lines: parsed.rows.map((r) => r.line), note };
}
