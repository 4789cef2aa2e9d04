/// <reference lib="dom" />
import { postJson } from '../api.js';
import { h } from '../dom.js';
import { messageOf } from './password.js';

/**
 * The sign-in page: username and password posted to POST /api/auth/login, which
 * sets the HttpOnly session cookie; `signedIn` then shows the page asked for.
 * (A one-time login link, GET /api/auth/link?token=…, signs in without this form.)
 */
export function loginPage(signedIn: () => void, reason: string | null): HTMLElement {
  const username = h('input', { type: 'text', id: 'login-username', name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const password = h('input', { type: 'password', id: 'login-password', name: 'password', autocomplete: 'current-password', required: true });
  const status = h('p', { id: 'login-status', class: 'error', role: 'alert' });
  const submit = h('button', { type: 'submit', id: 'login-submit' }, 'Sign in');
  const form = h(
    'form',
    {
      id: 'login-form',
      class: 'login',
      onsubmit: async (ev: Event) => {
        ev.preventDefault();
        submit.disabled = true;
        status.textContent = '';
        try {
          await postJson('/auth/login', { username: username.value, password: password.value });
          password.value = '';
          signedIn();
        } catch (e) {
          status.textContent = messageOf(e);
          password.select();
        } finally {
          submit.disabled = false;
        }
      },
    },
    h('label', { for: 'login-username' }, 'Username'),
    username,
    h('label', { for: 'login-password' }, 'Password'),
    password,
    submit,
  );
  return h(
    'section',
    { id: 'login' },
    h('h1', {}, 'Sign in'),
    h('p', { class: 'muted' }, reason ?? 'Results of unpublished studies: sign in with your RadSweep account, or open the one-time link an administrator gave you.'),
    form,
    status,
  );
}
