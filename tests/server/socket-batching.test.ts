import { afterEach, describe, expect, it, vi } from 'vitest';
import { handleData } from '../../apps/server/src/database/batched-socket-handler';
import { ByteQueue } from '../../apps/server/src/database/byte-queue';

/** A protocol message: type byte, int32 length (itself included), body. */
function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

function startup(): Buffer {
  const body = Buffer.from('user\0postgres\0\0', 'latin1');
  const head = Buffer.alloc(8);
  head.writeInt32BE(body.length + 8, 0);
  head.writeInt32BE(196608, 4);
  return Buffer.concat([head, body]);
}

/** A socket handler as pglite-socket builds it, with the query queue recording what it was given. */
function fakeHandler() {
  const units: Buffer[] = [];
  const written: Buffer[] = [];
  const handler = {
    socket: { writable: true, write: (b: Buffer) => written.push(b) },
    active: true,
    id: 1,
    queryQueue: {
      enqueue: async (_id: number, unit: Uint8Array) => {
        units.push(Buffer.from(unit));
        return 0;
      },
    },
  };
  return { handler, units, written };
}

afterEach(() => vi.restoreAllMocks());

describe('embedded socket message batching', () => {
  it('assembles a large message sent in many chunks with work linear in its size', async () => {
    const { handler, units, written } = fakeHandler();
    const big = Buffer.alloc(2 * 1024 * 1024, 7);
    const ssl = Buffer.alloc(8);
    ssl.writeInt32BE(8, 0);
    ssl.writeInt32BE(80877103, 4);
    const stream = Buffer.concat([ssl, startup(), message('P', Buffer.from('q\0SELECT 1\0\0\0', 'latin1')), message('B', big), message('S', Buffer.alloc(0))]);
    let copiedByConcat = 0;
    const concat = Buffer.concat;
    vi.spyOn(Buffer, 'concat').mockImplementation((list: readonly Uint8Array[], total?: number) => {
      const out = concat(list, total);
      copiedByConcat += out.length;
      return out;
    });
    const chunk = 1024;
    const pending: Promise<number>[] = [];
    for (let at = 0; at < stream.length; at += chunk) pending.push(handleData.call(handler as never, stream.subarray(at, at + chunk)));
    await Promise.all(pending);
    vi.restoreAllMocks();
    expect(written.map((b) => b.toString())).toEqual(['N']);
    expect(units).toHaveLength(2); // the startup message, then Parse + Bind + Sync as one unit
    expect(units[0]).toEqual(startup());
    expect(units[1].length).toBe(stream.length - 8 - startup().length);
    expect(units[1].subarray(units[1].length - 5)).toEqual(message('S', Buffer.alloc(0)));
    // Concatenating the whole buffer per chunk copied ~ size^2 / (2 x chunk) = 2 GiB here.
    const copied = copiedByConcat + (handler as unknown as { received: ByteQueue }).received.copied;
    expect(copied).toBeLessThanOrEqual(3 * stream.length);
  });

  it('reads integers and takes messages across chunk boundaries', () => {
    const q = new ByteQueue();
    const bytes = Buffer.from(Array.from({ length: 40 }, (_, i) => i));
    for (let at = 0; at < bytes.length; at += 3) q.push(bytes.subarray(at, at + 3));
    expect(q.length).toBe(40);
    expect(q.readInt32BE(1)).toBe(bytes.readInt32BE(1));
    expect(q.take(7)).toEqual(bytes.subarray(0, 7));
    q.skip(5);
    expect(q.readInt32BE(0)).toBe(bytes.readInt32BE(12));
    expect(q.take(28)).toEqual(bytes.subarray(12, 40));
    expect(q.length).toBe(0);
  });
});
