import { mockCredentials } from '@backstage/backend-test-utils';
import { reportUploaderSchema } from '@hardening/backstage-plugin-hardening-common';
import { portalUploader, uploaderOf } from './reportUploader';

describe('uploaderOf', () => {
  it('records users and services by name only', () => {
    expect(uploaderOf({ credentials: mockCredentials.user() })).toEqual({
      type: 'user',
      userEntityRef: 'user:default/mock',
    });
    expect(
      uploaderOf({ credentials: mockCredentials.service('plugin:scaffolder') }),
    ).toEqual({ type: 'service', subject: 'plugin:scaffolder' });
  });

  it('cuts a name longer than a stored uploader holds to 255 characters, marked with …', () => {
    const long = `external:${'x'.repeat(400)}`;
    const uploader = uploaderOf({
      credentials: mockCredentials.service(long),
    });
    expect(uploader).toEqual({
      type: 'service',
      subject: `${long.slice(0, 254)}…`,
    });
    expect(reportUploaderSchema.safeParse(uploader).success).toBe(true);
    expect(
      reportUploaderSchema.safeParse(portalUploader('freeze', long)).success,
    ).toBe(true);
  });

  it('refuses credentials of nobody with 401', () => {
    expect(() => uploaderOf({ credentials: mockCredentials.none() })).toThrow(
      expect.objectContaining({
        name: 'AuthenticationError',
        message:
          'Uploading evidence needs a user, a service token or a CI OIDC token',
      }),
    );
  });
});
