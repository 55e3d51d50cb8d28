/** One CSV row as text fields, or why it could not be read; `line` is the line the row starts on. */
export type CsvRow = { line: number; fields: string[] } | { line: number; error: string };

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_IN_QUOTED = 3; // a `"` inside a quoted field: an escape (`""`) or the closing quote
const SKIPPING = 4; // after an error, until the next line break outside quotes

/**
 * An RFC 4180 tokenizer fed text in pieces of any size: quoted fields with `""` escapes, commas and line
 * breaks inside quotes, CRLF, LF or CR line ends. A quote inside an unquoted field is kept as text. A row
 * longer than `max` characters, or a character after a closing quote, becomes an error row and the
 * tokenizer skips to the next line break, so it never holds more than one row of at most `max` characters.
 */
export class CsvTokenizer {
  readonly #max: number;
  #state = FIELD_START;
  #field = '';
  #fields: string[] = [];
  #size = 0;
  #line = 1;
  #rowLine = 1;
  #afterCR = false;
  #error = '';

  constructor(max: number) {
    this.#max = max;
  }

  /** Rows completed by `text`. */
  *push(text: string): Generator<CsvRow> {
    for (let i = 0; i < text.length; i += 1) {
      const c = text[i]!;
      const lineBreak = c === '\n' || c === '\r';
      if (c === '\n' && this.#afterCR) {
        // the LF of a CRLF: the break was counted (and the row ended) at the CR
        this.#afterCR = false;
        if (this.#state === QUOTED) this.#append(c);
        continue;
      }
      this.#afterCR = c === '\r';
      if (lineBreak) this.#line += 1;
      switch (this.#state) {
        case QUOTED:
          if (c === '"') this.#state = QUOTE_IN_QUOTED;
          else this.#append(c);
          break;
        case QUOTE_IN_QUOTED:
          if (c === '"') {
            this.#append(c);
            this.#state = QUOTED;
          } else if (c === ',') {
            this.#separator();
          } else if (lineBreak) {
            yield* this.#endRow();
          } else {
            this.#fail(`unexpected ${JSON.stringify(c)} after a closing quote`);
          }
          break;
        case SKIPPING:
          if (lineBreak) yield* this.#endRow();
          break;
        default: // FIELD_START, UNQUOTED
          if (c === ',') this.#separator();
          else if (lineBreak) yield* this.#endRow();
          else if (c === '"' && this.#state === FIELD_START) this.#state = QUOTED;
          else {
            this.#state = UNQUOTED;
            this.#append(c);
          }
      }
    }
  }

  /** The last row, at the end of the input. */
  *end(): Generator<CsvRow> {
    if (this.#state === QUOTED) this.#fail('unterminated quoted field');
    if (this.#state === SKIPPING || this.#fields.length > 0 || this.#field !== '' || this.#state !== FIELD_START) yield* this.#endRow();
  }

  #append(c: string): void {
    this.#size += 1;
    if (this.#size > this.#max) this.#fail(`row longer than ${this.#max} characters`);
    else this.#field += c;
  }

  #separator(): void {
    this.#size += 1;
    if (this.#size > this.#max) this.#fail(`row longer than ${this.#max} characters`);
    else this.#endField();
  }

  #endField(): void {
    this.#fields.push(this.#field);
    this.#field = '';
    this.#state = FIELD_START;
  }

  #fail(message: string): void {
    this.#error = message;
    this.#state = SKIPPING;
    this.#field = '';
    this.#fields = [];
  }

  *#endRow(): Generator<CsvRow> {
    const line = this.#rowLine;
    const error = this.#error;
    if (this.#state !== SKIPPING) this.#endField();
    const fields = this.#fields;
    this.#fields = [];
    this.#field = '';
    this.#error = '';
    this.#size = 0;
    this.#state = FIELD_START;
    this.#rowLine = this.#line;
    if (error) yield { line, error };
    else if (!(fields.length === 1 && fields[0] === '')) yield { line, fields }; // blank lines are skipped
  }
}
