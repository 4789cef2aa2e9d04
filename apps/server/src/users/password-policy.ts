import { RadSweepInputError } from '@radsweep/core';

export const MIN_PASSWORD_LENGTH = 12;

/**
 * Passwords seen first in breach lists and guessing dictionaries that reach 12
 * characters, compared lower-cased with digits and punctuation at the ends removed
 * ("Password2024!" is "password"). A short list on purpose: length does most of the work.
 */
const DENIED = new Set([
  'password', 'passw0rd', 'passwordpassword', 'qwerty', 'qwertyuiop', 'qwertyuiopasdf', 'asdfghjkl', 'zxcvbnm', 'iloveyou', 'letmein',
  'welcome', 'changeme', 'administrator', 'admin', 'radsweep', 'radiomics', 'trustno', 'football', 'baseball', 'princess', 'sunshine',
  'monkey', 'dragon', 'master', 'superman', 'starwars', 'whatever', 'abcdefghijkl', 'abcdefghijklmnop', 'secret', 'default', 'login',
]);

/**
 * Why a password is too easy to guess, or null: at least 12 characters, more
 * than 3 different characters, not a run like 123456789012 or abcdefghijkl, not
 * the username (give or take digits and symbols around it), not a listed common password with digits or symbols around it.
 */
export function passwordProblem(password: string, username?: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `the password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  const lower = password.toLowerCase();
  if (new Set(lower).size <= 3) return 'the password repeats too few characters';
  if (isRun(lower)) return 'the password is a run of consecutive characters';
  const core = lower.replace(/^[^a-z]+|[^a-z]+$/g, '');
  if (username && (lower === username.toLowerCase() || core === username.toLowerCase())) return 'the password is the username';
  if (DENIED.has(core) || DENIED.has(core.replace(/(.+)\1+$/, '$1'))) return 'the password is a common one; choose a longer phrase of unrelated words';
  return null;
}

/** Throws a RadSweepInputError naming `field` when the password is refused. */
export function checkPassword(password: string, field: string, username?: string): void {
  const problem = passwordProblem(password, username);
  if (problem) throw new RadSweepInputError(problem, field);
}

/** Every step +1 or every step -1 (123456789012 wraps mod 10: digits only; letters as char codes). */
function isRun(text: string): boolean {
  const step = (a: string, b: string) => (/\d/.test(a) && /\d/.test(b) ? (((Number(b) - Number(a)) % 10) + 10) % 10 : b.charCodeAt(0) - a.charCodeAt(0));
  const first = step(text[0], text[1]);
  if (first !== 1 && first !== -1 && first !== 9) return false;
  for (let i = 2; i < text.length; i++) if (step(text[i - 1], text[i]) !== first) return false;
  return true;
}
