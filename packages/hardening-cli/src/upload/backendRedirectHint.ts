/**
 * What to change when the backend answers an upload with a redirect, judged from where
 * the redirect points: the same host over https (use https), another host (a login proxy
 * or the frontend's address), or another path of the same server.
 */
export function backendRedirectHint(requestUrl: URL) {
  return (location: URL | undefined): string => {
    if (
      location &&
      requestUrl.protocol === 'http:' &&
      location.protocol === 'https:' &&
      location.hostname === requestUrl.hostname
    ) {
      return `the server wants https: pass --backend-url ${
        location.origin
      }${basePath(requestUrl)}`;
    }
    if (location && location.origin !== requestUrl.origin) {
      return (
        `it points at another server (${location.origin}), a login proxy or the frontend's address perhaps: ` +
        "pass the Backstage backend's own URL as --backend-url, one that CI reaches without a login"
      );
    }
    return (
      "--backend-url should be the Backstage backend's base URL (e.g. https://backstage.example.com), " +
      'where /api/hardening answers without a redirect'
    );
  };
}

/** The path prefix before `/api/hardening`, e.g. `/backstage`. */
function basePath(url: URL): string {
  const at = url.pathname.indexOf('/api/hardening/');
  return at > 0 ? url.pathname.slice(0, at) : '';
}
