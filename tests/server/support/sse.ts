import type { Caller } from './access';

/** One server-sent event. */
export interface SseEvent {
  type: string;
  data: string;
}

/** An open event stream as a test reads it: events as they come, and its end. */
export interface SseStream {
  status: number;
  /** The body of a refused stream (status >= 400). */
  refusal: any;
  events: SseEvent[];
  /** Resolves with the first event (from now on, or already received) that `match` accepts. */
  waitFor(match: (e: SseEvent) => boolean): Promise<SseEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/** Opens GET /api/runs/:id/events as `who` (token or cookie) and parses its events while it is open. */
export async function openProgressStream(base: string, who: Caller, runId: string): Promise<SseStream> {
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (who && 'token' in who) headers.authorization = `Bearer ${who.token}`;
  if (who && 'cookie' in who) headers.cookie = who.cookie;
  const abort = new AbortController();
  const res = await fetch(`${base}/api/runs/${runId}/events`, { headers, signal: abort.signal });
  const events: SseEvent[] = [];
  const waiting: { match: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }[] = [];
  if (res.status >= 400) {
    const refusal = await res.json();
    return { status: res.status, refusal, events, waitFor: () => Promise.reject(new Error('refused')), ended: Promise.resolve(), close: () => undefined };
  }
  const ended = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event: SseEvent = { type: 'message', data: '' };
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) event.type = line.slice(7);
            else if (line.startsWith('data: ')) event.data += line.slice(6);
          }
          events.push(event);
          for (const w of waiting.filter((w) => w.match(event))) {
            waiting.splice(waiting.indexOf(w), 1);
            w.resolve(event);
          }
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return {
    status: res.status,
    refusal: null,
    events,
    waitFor: (match) => {
      const seen = events.find(match);
      return seen ? Promise.resolve(seen) : new Promise((resolve) => waiting.push({ match, resolve }));
    },
    ended,
    close: () => abort.abort(),
  };
}
