import { PGLiteSocketHandler } from '@electric-sql/pglite-socket';
import { ByteQueue } from './byte-queue';

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
const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;

interface HandlerInternals {
  socket: { writable: boolean; write(b: Buffer): void } | null;
  active: boolean;
  id: number;
  queryQueue: { enqueue(id: number, message: Uint8Array, onData: (b: Uint8Array) => void): Promise<number> };
  /** Bytes received and not yet handled (a chunk list: see ByteQueue), and the socket they came from. */
  received?: ByteQueue;
  receivedFrom?: unknown;
  batch?: Buffer[];
  chain?: Promise<unknown>;
}

let patched = false;

export function batchSocketMessages(): void {
  if (patched) return;
  patched = true;
  const proto = PGLiteSocketHandler.prototype as unknown as { handleData(chunk: Buffer): Promise<number> };
  proto.handleData = handleData;
}

/** The patched PGLiteSocketHandler.handleData (exported for tests that drive it without a database). */
export function handleData(this: HandlerInternals, chunk: Buffer): Promise<number> {
  if (!this.socket || !this.active) return Promise.resolve(0);
  if (this.receivedFrom !== this.socket) {
    // A handler re-attached to another socket starts from nothing.
    this.received = new ByteQueue();
    this.receivedFrom = this.socket;
    this.batch = [];
  }
  this.received!.push(chunk);
  // Chunks are handled in arrival order, one at a time.
  const next = (this.chain ?? Promise.resolve()).then(() => drain(this));
  this.chain = next.catch(() => undefined);
  return next;
}

async function drain(h: HandlerInternals): Promise<number> {
  let written = 0;
  const buf = h.received!;
  while (buf.length > 0 && h.socket && h.active && h.received === buf) {
    let length = 0;
    let startup = false;
    if (buf.length >= 8) {
      const code = buf.readInt32BE(4);
      const size = buf.readInt32BE(0);
      if (size === 8 && code === SSL_REQUEST) {
        if (h.socket.writable) h.socket.write(Buffer.from('N')); // no TLS on the local socket
        buf.skip(8);
        continue;
      }
      if (size === 16 && code === CANCEL_REQUEST) {
        if (buf.length < 16) break;
        buf.skip(16); // not supported by PGlite: ignored, as pglite-socket does
        continue;
      }
      if (code === PROTOCOL_3) {
        length = size;
        startup = true;
      }
    }
    if (!startup && buf.length >= 5) length = 1 + buf.readInt32BE(1);
    if (length === 0 || buf.length < length) break; // incomplete: wait for more bytes
    const message = buf.take(length);
    (h.batch ??= []).push(message);
    if (!startup && !BATCH_END.has(String.fromCharCode(message[0]))) continue;
    const unit = h.batch.length === 1 ? h.batch[0] : Buffer.concat(h.batch);
    h.batch = [];
    written += await h.queryQueue.enqueue(h.id, new Uint8Array(unit.buffer, unit.byteOffset, unit.length), (out) => {
      if (out.length > 0 && h.socket?.writable && h.active) h.socket.write(Buffer.from(out));
    });
  }
  return written;
}
