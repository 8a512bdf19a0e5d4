/**
 * The stdio transport, with its framing checked before vscode-jsonrpc reads it.
 *
 * vscode-jsonrpc's reader, given a header block without a usable `Content-Length` (missing,
 * not a number, a line without `:`), reports an error and stops reading the chunk: every
 * message after it in the same chunk waits for the next chunk to arrive, so a client that
 * sent one malformed header and then waits for an answer waits forever. Here such a block
 * is dropped (and reported) and the stream goes on; well-formed messages pass unchanged.
 */
import { Transform, type TransformCallback } from 'stream';

/** Garbage without any header end is dropped past this size. */
const MAX_HEADER_BYTES = 64 * 1024;
const HEADER_END = Buffer.from('\r\n\r\n', 'ascii');

export class FramingGuard extends Transform {
  private buffer: Buffer = Buffer.alloc(0);
  /** Body bytes of the current message still to pass through. */
  private body = 0;

  constructor(private readonly onDrop: (reason: string) => void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      if (this.body > 0) {
        const n = Math.min(this.body, this.buffer.length);
        if (n === 0) break;
        this.push(this.buffer.subarray(0, n));
        this.buffer = this.buffer.subarray(n);
        this.body -= n;
        continue;
      }
      const end = this.buffer.indexOf(HEADER_END);
      if (end < 0) {
        if (this.buffer.length > MAX_HEADER_BYTES) {
          this.onDrop(`${this.buffer.length} bytes without a message header`);
          this.buffer = Buffer.alloc(0);
        }
        break;
      }
      const header = this.buffer.subarray(0, end).toString('ascii');
      const lines = header.split('\r\n');
      const length = lines.map((l) => /^content-length:\s*(\d+)\s*$/i.exec(l)).find((m) => m)?.[1];
      if (length === undefined || !lines.every((l) => /^[^:]+:/.test(l))) {
        this.onDrop(`a message header without a valid Content-Length: ${JSON.stringify(header.slice(0, 120))}`);
        this.buffer = this.buffer.subarray(end + HEADER_END.length);
        continue;
      }
      this.push(this.buffer.subarray(0, end + HEADER_END.length));
      this.buffer = this.buffer.subarray(end + HEADER_END.length);
      this.body = Number(length);
    }
    done();
  }
}

/** stdin through a FramingGuard; the connection sees the guard's end when stdin ends. */
export function guardedStdin(stdin: NodeJS.ReadableStream, onDrop: (reason: string) => void): FramingGuard {
  const guard = new FramingGuard(onDrop);
  stdin.pipe(guard);
  return guard;
}
