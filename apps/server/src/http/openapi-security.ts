import type { OpenAPIObject } from '@nestjs/swagger';
import { SESSION_COOKIE } from '../auth/access.guard';
import { ACCESS_POLICY } from '../auth/access-policy';

/** The names of the two ways to sign a request in, as the OpenAPI document declares them. */
export const BEARER_SCHEME = 'bearer';
export const SESSION_SCHEME = 'session';

/**
 * Declares the API token (`Authorization: Bearer rsk_...`) and the dashboard's
 * session cookie as security schemes, and gives every operation its requirement
 * from the access policy: none on public routes, either scheme on every other,
 * so a generated client or the docs page knows that a token is needed.
 */
export function withSecuritySchemes(doc: OpenAPIObject): OpenAPIObject {
  doc.components = {
    ...doc.components,
    securitySchemes: {
      ...doc.components?.securitySchemes,
      [BEARER_SCHEME]: { type: 'http', scheme: 'bearer', description: 'an API token (POST /api/auth/tokens), e.g. RADSWEEP_TOKEN of the CLI' },
      [SESSION_SCHEME]: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'the dashboard session after signing in' },
    },
  };
  const signedIn = [{ [BEARER_SCHEME]: [] }, { [SESSION_SCHEME]: [] }];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      const key = `${method.toUpperCase()} ${path.replace(/^\/api/, '').replace(/\{(\w+)\}/g, ':$1')}`;
      (operation as { security?: unknown }).security = ACCESS_POLICY[key]?.require === 'public' ? [] : signedIn;
    }
  }
  return doc;
}
