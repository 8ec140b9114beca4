import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';

/**
 * The credentials a caller's catalog look-ups use: a user's own (the catalog's visibility
 * rules apply), the plugin's own for services and CI tokens (which need no catalog
 * access of their own).
 */
export async function catalogCredentials(
  auth: AuthService,
  credentials: BackstageCredentials,
): Promise<BackstageCredentials> {
  return auth.isPrincipal(credentials, 'user')
    ? credentials
    : auth.getOwnServiceCredentials();
}
