/// <reference lib="dom" />
import { putJson } from '../api.js';
import { ApiError } from '../api-error.js';
import { h } from '../dom.js';
import type { Me } from '../session.js';

/** The server's message without its status ("400: ..."), for a form's status line. */
export function messageOf(e: unknown): string {
  if (e instanceof ApiError) return e.reason;
  return e instanceof Error ? e.message : String(e);
}

/**
 * A form that sets one's password (PUT /api/auth/password). The server applies the password policy (at least
 * 12 characters, not a run or repeat, not the username, not a common password) and says what is wrong; the form
 * only checks that the two entries match. `needCurrent`: the account has a password, which must be given.
 */
export function passwordForm(options: { needCurrent: boolean; username: string; submitLabel: string; onDone: () => void }): HTMLFormElement {
  const current = h('input', { type: 'password', id: 'password-current', autocomplete: 'current-password', required: true });
  const next = h('input', { type: 'password', id: 'password-new', autocomplete: 'new-password', required: true, minlength: 12, 'aria-describedby': 'password-rule' });
  const again = h('input', { type: 'password', id: 'password-again', autocomplete: 'new-password', required: true });
  const status = h('p', { id: 'password-status', role: 'status' });
  const submit = h('button', { type: 'submit', id: 'password-submit' }, options.submitLabel);
  return h(
    'form',
    {
      id: 'password-form',
      class: 'login',
      'aria-label': options.submitLabel,
      onsubmit: async (ev: Event) => {
        ev.preventDefault();
        status.className = 'error';
        if (next.value !== again.value) {
          status.textContent = 'the two new passwords differ';
          again.focus();
          return;
        }
        submit.disabled = true;
        status.textContent = '';
        try {
          await putJson('/auth/password', { ...(options.needCurrent ? { currentPassword: current.value } : {}), newPassword: next.value });
          for (const i of [current, next, again]) i.value = '';
          status.className = '';
          status.textContent = 'Password saved; your other sessions were signed out.';
          options.onDone();
        } catch (e) {
          status.textContent = messageOf(e);
          next.select();
        } finally {
          submit.disabled = false;
        }
      },
    },
    h('input', { type: 'text', autocomplete: 'username', value: options.username, hidden: true, 'aria-hidden': 'true', tabindex: -1, readonly: true }), // lets a password manager file the new password under the right account
    options.needCurrent ? [h('label', { for: 'password-current' }, 'Current password'), current] : null,
    h('label', { for: 'password-new' }, 'New password'),
    next,
    h('p', { id: 'password-rule', class: 'muted' }, 'At least 12 characters, more than 3 different ones; not a run such as 123456789012, not your username, not a common password.'),
    h('label', { for: 'password-again' }, 'New password again'),
    again,
    submit,
    status,
  );
}

/**
 * Where a one-time link lands (#/set-password): a new account sets its first password (the link is spent, so
 * without one they could not sign in again), someone who forgot theirs sets a new one without the old.
 */
export function setPasswordPage(me: Me, done: () => void): HTMLElement {
  const why = me.hasPassword
    ? 'You signed in with a one-time link: choose a new password (the current one is not needed) to sign in next time as '
    : 'You signed in with a one-time link, which cannot be used again: choose a password to sign in next time as ';
  return h(
    'section',
    { id: 'set-password' },
    h('h1', {}, me.hasPassword ? 'Set a new password' : 'Set your password'),
    h('p', {}, `Welcome, ${me.displayName ?? me.username}. ${why}`, h('strong', {}, me.username), '.'),
    passwordForm({ needCurrent: false, username: me.username, submitLabel: 'Set password', onDone: done }),
  );
}
