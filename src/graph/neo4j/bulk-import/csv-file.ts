/**
 * One header file and one data file of an import file group, written
 * synchronously through a bounded buffer: a huge city streams to disk with
 * memory bounded by the buffer size times the number of open groups. Rows are
 * UTF-8-encoded straight into the buffer (`Buffer.write`): building a
 * 256 KB string of concatenated rows and encoding it at flush allocated about
 * three times the bytes written, and the garbage collector was a third of the
 * 500k-device city's CSV time (bench/neo4j-load.ts offline).
 */
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';

const BUFFER_BYTES = 256 * 1024;
/** UTF-8 needs at most 3 bytes per UTF-16 code unit (a surrogate pair, 2 units, needs 4). */
const MAX_BYTES_PER_UNIT = 3;

export class CsvFile {
  readonly header: string;
  readonly data: string;
  #fd: number | undefined;
  readonly #buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  #used = 0;
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
    this.#rows += 1;
    const row = `${line}\n`;
    if (this.#used + row.length * MAX_BYTES_PER_UNIT > BUFFER_BYTES) {
      this.flush();
      if (row.length * MAX_BYTES_PER_UNIT > BUFFER_BYTES) {
        if (this.#fd !== undefined) writeSync(this.#fd, row);
        return;
      }
    }
    this.#used += this.#buffer.write(row, this.#used, 'utf8');
  }

  flush(): void {
    if (this.#fd === undefined || this.#used === 0) return;
    let done = 0;
    while (done < this.#used) done += writeSync(this.#fd, this.#buffer, done, this.#used - done);
    this.#used = 0;
  }

  close(): void {
    this.flush();
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}
