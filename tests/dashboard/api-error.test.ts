import { afterEach, describe, expect, it, vi } from 'vitest';
import { RadSweepInputError } from '@radsweep/core';
import { getJson } from '../../apps/dashboard/src/api';
import { ApiError } from '../../apps/dashboard/src/api-error';
import { messageOf } from '../../apps/dashboard/src/pages/password';
import { SignInNeeded } from '../../apps/dashboard/src/session';

/** Errors are told apart by their class, never by reading their text. */
describe('typed errors', () => {
  afterEach(() => vi.unstubAllGlobals());

  const answer = (status: number, body: unknown) => vi.stubGlobal('fetch', async () => new Response(JSON.stringify(body), { status }));

  it("a refused request is an ApiError with the status and the server's message; a form shows the message alone", async () => {
    answer(422, { statusCode: 422, message: '12: not a column name' }); // a reason that itself starts like a status
    const e = await getJson('/datasets').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 422, reason: '12: not a column name', message: '422: 12: not a column name' });
    expect(messageOf(e)).toBe('12: not a column name');
  });

  it('401 is SignInNeeded; any other error is shown as it reads', async () => {
    answer(401, { message: 'sign in' });
    const e = await getJson('/auth/me').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SignInNeeded);
    expect(messageOf(e)).toBe('sign in');
    expect(messageOf(new Error('404: a local message that reads like a status'))).toBe('404: a local message that reads like a status');
  });

  it("an input error's reason is kept apart from its place, whatever the reason says", () => {
    const e = new RadSweepInputError("expected 'auto', got 'x: y'", 'sampler.smote.k_neighbors');
    expect(e.message).toBe("sampler.smote.k_neighbors: expected 'auto', got 'x: y'");
    expect(e.reason).toBe("expected 'auto', got 'x: y'");
    expect(new RadSweepInputError('no place given').reason).toBe('no place given');
  });
});
