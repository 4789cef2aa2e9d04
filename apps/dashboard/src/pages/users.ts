/// <reference lib="dom" />
import type { CreatedUser, LoginLink as LoginLinkOf, PublicUser } from '@radsweep/api-contract';
import { getJson, patchJson, postJson } from '../api.js';
import { copyBox } from '../copy-box.js';
import { h, replace, table } from '../dom.js';
import type { PageContext } from '../main.js';
import { messageOf } from './password.js';

type User = PublicUser<string>;

type LoginLink = LoginLinkOf<string>;

/** The one-time link as the person opens it: on this server's address. */
const linkUrl = (l: LoginLink) => new URL(l.loginLink, location.origin).toString();

/**
 * Administrators: the accounts. Create one (it gets a one-time login link to hand over, after which its owner
 * sets a password), disable or enable one (disabling ends its sessions at once), and issue a fresh link (a
 * forgotten password). Others are told the page is not theirs: the API refuses them every call on it.
 */
export async function usersPage(ctx: PageContext): Promise<HTMLElement> {
  if (!ctx.me.isAdmin) return h('section', {}, h('h1', {}, 'Users'), h('p', {}, 'Only administrators manage accounts. Ask one to add a colleague; project owners add members on the project page.'));
  const status = h('p', { role: 'status', id: 'users-status' });
  const issued = h('div', { id: 'user-link' });
  const list = h('div', { id: 'user-list' });

  async function show(): Promise<void> {
    const users = await getJson<User[]>('/users');
    replace(
      list,
      table(
        'Accounts',
        ['User', 'Name', 'Role', 'Password', 'State', 'Created', ''],
        users.map((u) => [
          u.username,
          u.displayName ?? '–',
          u.isAdmin ? 'administrator' : 'user',
          u.hasPassword ? 'set' : 'not yet',
          h('span', { 'data-user-state': u.disabled ? 'disabled' : 'active' }, u.disabled ? 'disabled' : 'active'),
          new Date(u.createdAt).toLocaleDateString(),
          h(
            'span',
            { class: 'row-actions' },
            u.id === ctx.me.id
              ? null
              : h('button', { type: 'button', class: 'secondary', 'data-toggle-user': u.username, 'aria-label': `${u.disabled ? 'Enable' : 'Disable'} ${u.username}`, onclick: () => void setDisabled(u, !u.disabled) }, u.disabled ? 'Enable' : 'Disable'),
            u.disabled ? null : h('button', { type: 'button', class: 'secondary', 'data-link-user': u.username, 'aria-label': `One-time link for ${u.username}`, onclick: () => void newLink(u) }, 'One-time link'),
          ),
        ]),
        { id: 'users' },
      ),
    );
  }

  function showLink(u: Pick<User, 'username'>, l: LoginLink): void {
    replace(issued, copyBox('login-link', `One-time login link for ${u.username} (valid until ${new Date(l.loginLinkExpiresAt).toLocaleString()})`, linkUrl(l), 'Hand it over privately: whoever opens it first is signed in as this user, who is then asked to set a password. It works once.'));
  }

  async function setDisabled(u: User, disabled: boolean): Promise<void> {
    if (disabled && !confirm(`Disable ${u.username}? Their sessions end now and their tokens stop working.`)) return;
    try {
      await patchJson(`/users/${u.id}`, { disabled });
      status.textContent = `${u.username} ${disabled ? 'disabled' : 'enabled'}.`;
      await show();
    } catch (e) {
      status.textContent = messageOf(e);
    }
  }

  async function newLink(u: User): Promise<void> {
    try {
      showLink(u, await postJson<LoginLink>(`/users/${u.id}/login-link`));
      status.textContent = '';
    } catch (e) {
      status.textContent = messageOf(e);
    }
  }

  const username = h('input', { type: 'text', id: 'new-user-name', required: true, autocapitalize: 'none', spellcheck: 'false', placeholder: 'e.g. jdoe' });
  const display = h('input', { type: 'text', id: 'new-user-display', placeholder: 'e.g. Dr Jane Doe' });
  const admin = h('input', { type: 'checkbox', id: 'new-user-admin' });
  const form = h(
    'form',
    {
      class: 'controls',
      'aria-label': 'Create a user',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        try {
          const made = await postJson<CreatedUser<string>>('/users', { username: username.value.trim(), ...(display.value.trim() ? { displayName: display.value.trim() } : {}), admin: admin.checked });
          // an account made without a password always comes with its one-time link
          if (made.loginLink && made.loginLinkExpiresAt) showLink(made.user, { loginLink: made.loginLink, loginLinkExpiresAt: made.loginLinkExpiresAt });
          status.textContent = `User ${made.user.username} created.`;
          username.value = display.value = '';
          admin.checked = false;
          await show();
        } catch (err) {
          status.textContent = messageOf(err);
        }
      },
    },
    h('label', { for: 'new-user-name' }, 'Username', username),
    h('label', { for: 'new-user-display' }, 'Display name (optional)', display),
    h('label', { for: 'new-user-admin', class: 'inline' }, admin, 'Administrator'),
    h('button', { type: 'submit', id: 'new-user-submit' }, 'Create user'),
  );
  await show();
  return h('section', {}, h('h1', {}, 'Users'), h('h2', {}, 'New user'), form, issued, status, h('h2', {}, 'Accounts'), list);
}
