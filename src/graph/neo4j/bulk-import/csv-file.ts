/**
 * One header file and one data file of an import file group, written
 * synchronously through a bounded buffer: a huge city streams to disk with
 * memory bounded by the buffer size times the number of open groups.
 */
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';

const FLUSH_BYTES = 256 * 1024;

export class CsvFile {
  readonly header: string;
  readonly data: string;
  #fd: number | undefined;
  /** Rows not yet written; string concatenation (V8 ropes) allocates less than an array of parts. */
  #pending = '';
  #rows = 0;

  /** Writes `headerLine` to `header` now and opens `data` for rows. */
  constructor(header: string, data: string, headerLine: string) {
    this.header = header;
    this.data = data;
    writeFileSync(header, `${headerLine}\n`);
    this.#fd = openSync(data, 'w');
  }

  get rows(): number {
    return this.#rows;
  }

  /** Appends one row (fields already encoded). */
  write(line: string): void {
    this.#pending += `${line}\n`;
    this.#rows += 1;
    if (this.#pending.length >= FLUSH_BYTES) this.flush();
  }

  flush(): void {
    if (this.#fd === undefined || this.#pending === '') return;
    writeSync(this.#fd, this.#pending);
    this.#pending = '';
  }

  close(): void {
    this.flush();
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}
