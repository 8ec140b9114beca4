import { renderInTestApp } from '@backstage/frontend-test-utils';
import { Stepper } from '@backstage/plugin-scaffolder-react/alpha';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

/**
 * The Hardening templates in the scaffolder's own form (the `Stepper` the create page
 * uses, with its Markdown descriptions and its ajv validator with ajv-errors), fed the
 * steps the backend's parameter-schema route builds from the template file.
 */
jest.setTimeout(30_000);

type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue | undefined };

/** One page of a template's `spec.parameters`: a JSON schema with a title. */
type Step = {
  title?: string;
  description?: string;
  [key: string]: JsonValue | undefined;
};

function manifestOf(templateDir: string) {
  const file = resolve(
    __dirname,
    '../../../examples/templates',
    templateDir,
    'template.yaml',
  );
  const template = parse(readFileSync(file, 'utf8'));
  const parameters: Step[] = [template.spec.parameters].flat();
  return {
    title: template.metadata.title,
    steps: parameters.map(schema => ({
      title: schema.title ?? 'Please enter the following information',
      description: schema.description,
      schema,
    })),
  };
}

async function renderForm(
  templateDir: string,
  initialState: Record<string, string>,
) {
  await renderInTestApp(
    <Stepper
      manifest={manifestOf(templateDir)}
      extensions={[]}
      initialState={initialState}
      onCreate={async () => {}}
    />,
  );
}

/**
 * The errors the form shows after Next: the list on top (`'<title>' <message>`) and the
 * message under the field itself.
 */
async function shownErrors(): Promise<{ top: string; field: string[] }> {
  const [top, ...fields] = await screen.findAllByRole('list');
  return {
    top: top.textContent ?? '',
    field: fields.map(list => list.textContent ?? ''),
  };
}

describe('Add a stress test', () => {
  it('keeps the <feature> and <path>/<id> placeholders in the field help', async () => {
    await renderForm('add-stress-test', {});
    expect(
      await screen.findByText('scripts/stress-<feature>.mjs'),
    ).toBeInTheDocument();
    expect(screen.getByText('<path>/<id>')).toBeInTheDocument();
    expect(screen.getByText(/Names the script/).closest('p')).toHaveTextContent(
      'Lower-case words joined by "-", e.g. share-pack. Names the script (scripts/stress-<feature>.mjs) and the scenario in Hardening.',
    );
    expect(
      screen.getByText(/the read and negative phases GET/).closest('p'),
    ).toHaveTextContent(
      'The happy phase POSTs here; the read and negative phases GET <path>/<id>.',
    );
  });

  it('says in a sentence what a bad feature name must look like, not the pattern', async () => {
    await renderForm('add-stress-test', {
      component: 'component:default/payments-api',
    });
    const user = userEvent.setup();
    const feature = await screen.findByRole('textbox', {
      name: /Feature name/,
    });
    await user.type(feature, 'Share Pack!');
    await user.click(screen.getByRole('button', { name: 'Next' }));

    const errors = await shownErrors();
    expect(errors.top).toBe(
      `'Feature name' must be lower-case words joined by "-", e.g. share-pack: letters a to z, digits and "-", starting with a letter or digit, at most 63 characters.`,
    );
    expect(errors.field).toEqual([
      'must be lower-case words joined by "-", e.g. share-pack: letters a to z, digits and "-", starting with a letter or digit, at most 63 characters.',
    ]);
    expect(document.body).not.toHaveTextContent('must match pattern');
    expect(document.body).not.toHaveTextContent('{0,62}');
    // Still on the first step.
    expect(feature).toBeInTheDocument();
  });

  it('says in a sentence what an API path must start with', async () => {
    await renderForm('add-stress-test', {
      component: 'component:default/payments-api',
      feature: 'share-pack',
      path: 'api/share-packs',
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Next' }));
    expect(await shownErrors()).toEqual({
      top: `'API path of the feature' must start with "/", e.g. /api/share-packs.`,
      field: ['must start with "/", e.g. /api/share-packs.'],
    });
  });
});

describe('Add a delivery contract', () => {
  it('shows its example path as code and explains a bad contract path in a sentence', async () => {
    await renderForm('add-delivery-contract', {
      component: 'component:default/payments-api',
      contractPath: 'docs/contract.json',
    });
    expect(
      await screen.findByText('docs/delivery-contract.yml', {
        selector: 'code',
      }),
    ).toBeInTheDocument();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Next' }));
    const errors = await shownErrors();
    expect(errors.top).toBe(
      `'Contract file' must be a path in the repository ending in .yml or .yaml, made of letters, digits, ".", "_", "-" and "/", e.g. docs/delivery-contract.yml.`,
    );
    expect(errors.field).toHaveLength(1);
    expect(document.body).not.toHaveTextContent('must match pattern');
  });
});
