import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { reportUploaderSchema } from '@hardening/backstage-plugin-hardening-common';
import { parse } from 'yaml';
import { createRouter } from '../service/router';
import { DatabaseEvidenceStore } from '../database/DatabaseEvidenceStore';
import { CHAIN_READ_PATHS, uploadRoutePaths } from '../publishing/uploadRoutes';

type Layer = {
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
};

/** Every "METHOD /path" an express router answers, with `{param}` path syntax. */
function routesOf(stack: Layer[]): string[] {
  return stack.flatMap(layer => {
    if (layer.route) {
      const path = layer.route.path.replace(/:(\w+)/g, '{$1}');
      return Object.keys(layer.route.methods).map(
        m => `${m.toUpperCase()} ${path}`,
      );
    }
    return layer.handle.stack ? routesOf(layer.handle.stack) : [];
  });
}

describe('openapi.yaml', () => {
  const spec = parse(readFileSync(resolve(__dirname, 'openapi.yaml'), 'utf8'));

  it('documents exactly the routes the router serves', async () => {
    const router = await createRouter({
      database: {} as never,
      store: {} as DatabaseEvidenceStore,
      auth: mockServices.auth(),
      httpAuth: mockServices.httpAuth(),
      catalog: catalogServiceMock(),
      permissions: mockServices.permissions(),
      auditor: mockServices.auditor.mock(),
      maxUploadBytes: 1,
    });
    const documented = Object.entries(
      spec.paths as Record<string, object>,
    ).flatMap(([path, item]) =>
      Object.keys(item)
        .filter(key => ['get', 'post', 'put', 'patch', 'delete'].includes(key))
        .map(method => `${method.toUpperCase()} ${path}`),
    );
    const served = routesOf((router as unknown as { stack: Layer[] }).stack);

    expect([...served].sort()).toEqual([...documented].sort());
  });

  it('describes the reopened failures in the triage upload answer', () => {
    const upload =
      spec.paths['/entities/{kind}/{namespace}/{name}/triage-reports'].post;
    for (const status of ['200', '201']) {
      expect(
        upload.responses[status].content['application/json'].schema,
      ).toEqual({ $ref: '#/components/schemas/TriageUploadResult' });
    }
    const [base, own] = spec.components.schemas.TriageUploadResult.allOf;
    expect(base).toEqual({ $ref: '#/components/schemas/UploadResult' });
    expect(own.required).toEqual(['reopened']);
    expect(own.properties.reopened.required).toEqual(['count', 'fingerprints']);
  });

  it('declares every error status the per-entity routes can answer', () => {
    const upload =
      spec.paths['/entities/{kind}/{namespace}/{name}/test-reports'].post;
    expect(Object.keys(upload.responses).sort()).toEqual(
      ['200', '201', '400', '401', '403', '404', '413', '415', '503'].sort(),
    );
  });

  it('accepts CI OIDC tokens on exactly the upload routes and the chain reads', () => {
    const withOidc = Object.entries(
      spec.paths as Record<string, Record<string, { security?: object[] }>>,
    ).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([, operation]) => operation.security?.some(s => 'ciOidc' in s))
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    const openApiPath = (p: string) => p.replace(/:(\w+)/g, '{$1}');
    expect(withOidc.sort()).toEqual(
      [
        ...uploadRoutePaths().map(p => `POST ${openApiPath(p)}`),
        ...CHAIN_READ_PATHS.map(p => `GET ${openApiPath(p)}`),
      ].sort(),
    );
  });

  it('describes each kind of report uploader with the fields the backend stores', () => {
    type Variant = {
      required: string[];
      properties: Record<string, { enum?: string[] }>;
    };
    const documented = (
      spec.components.schemas.ReportUploader.oneOf as Variant[]
    ).map(v => ({
      type: v.properties.type.enum,
      fields: Object.keys(v.properties).sort(),
      required: [...v.required].sort(),
      action: v.properties.action?.enum,
    }));
    const stored = reportUploaderSchema.options.map(option => {
      const shape = option.shape as Record<
        string,
        { isOptional(): boolean; options?: string[]; value?: string }
      >;
      return {
        type: [shape.type.value],
        fields: Object.keys(shape).sort(),
        required: Object.keys(shape)
          .filter(k => !shape[k].isOptional())
          .sort(),
        action: shape.action?.options,
      };
    });
    expect(documented).toEqual(stored);
  });
});
