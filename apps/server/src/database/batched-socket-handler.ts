import { PGLiteSocketHandler } from '@electric-sql/pglite-socket';

/**
 * pglite-socket 0.2.17 queues each protocol message of a connection on its own,
 * so between one client's Parse and its Bind another client's Parse can replace
 * the shared session's unnamed statement ("bind message supplies 1 parameters,
 * but prepared statement "" requires 2" was seen with TypeORM and pg-boss side
 * by side). This patch queues a connection's messages as one unit up to and
 * including Sync (or a simple Query, Flush, Terminate), which is the unit the
 * extended-query protocol treats as atomic. Applied once, on first use.
 */
const BATCH_END = new Set(['S', 'Q', 'H', 'X']);
const PROTOCOL_3 = 196608;

interface HandlerInternals {
  socket: { writable: boolean; write(b: Buffer): void } | null;
  active: boolean;
  id: number;
  messageBuffer: Buffer;
  queryQueue: { enqueue(id: number, message: Uint8Array, onData: (b: Uint8Array) => void): Promise<number> };
  handleSslRequest(): boolean;
  handleCancelRequest(): boolean;
  batch?: Buffer[];
  chain?: Promise<unknown>;
}

let patched = false;

export function batchSocketMessages(): void {
  if (patched) return;
  patched = true;
  const proto = PGLiteSocketHandler.prototype as unknown as { handleData(chunk: Buffer): Promise<number> };
  proto.handleData = function (this: HandlerInternals, chunk: Buffer): Promise<number> {
    if (!this.socket || !this.active) return Promise.resolve(0);
    this.messageBuffer = Buffer.concat([this.messageBuffer, chunk]);
    // Chunks are handled in arrival order, one at a time.
    const next = (this.chain ?? Promise.resolve()).then(() => drain(this));
    this.chain = next.catch(() => undefined);
    return next;
  };
}

async function drain(h: HandlerInternals): Promise<number> {
  let written = 0;
  while (h.messageBuffer.length > 0 && h.socket && h.active) {
    if (h.handleSslRequest() || h.handleCancelRequest()) continue;
    const buf = h.messageBuffer;
    let length = 0;
    let startup = false;
    if (buf.length >= 8 && buf.readInt32BE(4) === PROTOCOL_3) {
      length = buf.readInt32BE(0);
      startup = true;
    } else if (buf.length >= 5) {
      length = 1 + buf.readInt32BE(1);
    }
    if (length === 0 || buf.length < length) break; // incomplete: wait for more bytes
    const message = buf.subarray(0, length);
    h.messageBuffer = buf.subarray(length);
    (h.batch ??= []).push(Buffer.from(message));
    if (!startup && !BATCH_END.has(String.fromCharCode(message[0]))) continue;
    const unit = Buffer.concat(h.batch);
    h.batch = [];
    written += await h.queryQueue.enqueue(h.id, new Uint8Array(unit), (out) => {
      if (out.length > 0 && h.socket?.writable && h.active) h.socket.write(Buffer.from(out));
    });
  }
  return written;
}
