/// <reference lib="dom" />
import type { ApiTokenInfo, NewApiToken } from '@radsweep/api-contract';
import { deleteJson, getJson, postJson } from '../api.js';
import { copyBox } from '../copy-box.js';
import { h, replace, table } from '../dom.js';
import type { PageContext } from '../main.js';
import { messageOf, passwordForm } from './password.js';

/** An API token as GET /api/auth/tokens lists it (the contract's, times as ISO text). */
type TokenInfo = ApiTokenInfo<string>;

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '–');

/** A token's state now: revoked, expired or active (until when). */
export function tokenState(t: Pick<TokenInfo, 'expiresAt' | 'revokedAt'>, now: number): 'revoked' | 'expired' | 'active' {
  if (t.revokedAt) return 'revoked';
  return Date.parse(t.expiresAt) <= now ? 'expired' : 'active';
}

/**
 * One's own account: change the password, and API tokens for scripts and the CLI: create one with an expiry
 * (its secret shown once, with a copy button), list them with their state and last use, revoke one.
 */
export async function accountPage(ctx: PageContext): Promise<HTMLElement> {
  const me = ctx.me;
  const status = h('p', { role: 'status', id: 'token-status' });
  const list = h('div', { id: 'token-list' });
  const created = h('div', { id: 'token-created' });

  async function showTokens(): Promise<void> {
    const tokens = await getJson<TokenInfo[]>('/auth/tokens');
    const now = Date.now();
    replace(
      list,
      tokens.length
        ? table(
            'Your API tokens',
            ['Name', 'Starts with', 'Created', 'Expires', 'Last used', 'State', ''],
            tokens.map((t) => {
              const state = tokenState(t, now);
              return [
                t.name,
                h('code', {}, t.prefix),
                when(t.createdAt),
                when(t.expiresAt),
                when(t.lastUsedAt),
                h('span', { 'data-token-state': state }, state === 'revoked' ? `revoked ${when(t.revokedAt)}` : state),
                state === 'active' ? h('button', { type: 'button', class: 'secondary', 'data-revoke': t.name, 'aria-label': `Revoke token ${t.name}`, onclick: () => void revoke(t) }, 'Revoke') : null,
              ];
            }),
            { id: 'tokens' },
          )
        : h('p', { class: 'muted' }, 'No API token yet.'),
    );
  }

  async function revoke(t: TokenInfo): Promise<void> {
    if (!confirm(`Revoke the token "${t.name}" (${t.prefix}…)? Scripts using it stop working.`)) return;
    try {
      await deleteJson(`/auth/tokens/${t.id}`);
      status.textContent = `Token "${t.name}" revoked.`;
      await showTokens();
    } catch (e) {
      status.textContent = messageOf(e);
    }
  }

  const name = h('input', { type: 'text', id: 'token-name', required: true, placeholder: 'e.g. laptop cli', maxlength: 100 });
  const days = h('select', { id: 'token-days' }, [7, 30, 90, 180, 365].map((d) => h('option', { value: d, selected: d === 90 }, `${d} days`)));
  const form = h(
    'form',
    {
      class: 'controls',
      'aria-label': 'Create an API token',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        try {
          const t = await postJson<NewApiToken<string>>('/auth/tokens', { name: name.value.trim(), expiresInDays: Number(days.value) });
          replace(created, copyBox('new-token', `New token "${t.name}" (expires ${when(t.expiresAt)})`, t.token, 'Copy it now: it is shown only this once. Send it as "Authorization: Bearer <token>", or set RADSWEEP_TOKEN for the CLI.'));
          name.value = '';
          status.textContent = '';
          await showTokens();
        } catch (err) {
          status.textContent = messageOf(err);
        }
      },
    },
    h('label', { for: 'token-name' }, 'Token name', name),
    h('label', { for: 'token-days' }, 'Expires after', days),
    h('button', { type: 'submit', id: 'token-create' }, 'Create token'),
  );
  await showTokens();
  return h(
    'section',
    {},
    h('h1', {}, 'Your account'),
    h('p', {}, `Signed in as ${me.username}${me.displayName ? ` (${me.displayName})` : ''}${me.isAdmin ? ', administrator' : ''}.`),
    h('h2', {}, 'Password'),
    passwordForm({ needCurrent: me.hasPassword, username: me.username, submitLabel: 'Change password', onDone: () => undefined }),
    h('h2', {}, 'API tokens'),
    h('p', { class: 'muted' }, 'For scripts and `radsweep run --server`: a token acts as you, with your projects and roles, until it expires or is revoked.'),
    form,
    created,
    status,
    list,
  );
}
