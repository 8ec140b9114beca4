import { z } from 'zod';
import { HttpError } from './hardeningApi';

/** The demo user the portal's guest sign-in signs in: a member of team-payments. */
export const GUEST_USER = 'user:default/guest';

const refreshSchema = z.looseObject({
  backstageIdentity: z.looseObject({
    token: z.string().min(1),
    identity: z.looseObject({
      userEntityRef: z.string(),
      ownershipEntityRefs: z.array(z.string()),
    }),
  }),
});

export type UserSession = {
  token: string;
  userEntityRef: string;
  ownershipEntityRefs: string[];
};

/**
 * Signs in as the portal's guest user the way the app does (`GET
 * /api/auth/guest/refresh`, available to a backend started in development mode as the
 * README's recipe does), and returns its Backstage user token. The token is signed with
 * a key the auth backend keeps in the shared database, so every replica accepts it.
 */
export async function signInAsGuest(origin: string): Promise<UserSession> {
  const path = '/api/auth/guest/refresh';
  const response = await fetch(`${origin}${path}`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  const text = await response.text();
  if (response.status !== 200) {
    throw new HttpError(`GET ${origin}${path}`, response.status, text);
  }
  const { token, identity } = refreshSchema.parse(
    JSON.parse(text),
  ).backstageIdentity;
  return { token, ...identity };
}
