import {
  renderTestApp,
  RenderTestAppOptions,
} from '@backstage/frontend-test-utils';
import homePlugin from '@backstage/plugin-home/alpha';
import searchPlugin from '@backstage/plugin-search/alpha';
import { screen, waitFor } from '@testing-library/react';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { homeModule } from './modules/home';

/**
 * The demo home page (`/home`) as app-config.yaml configures it, with the plugins that
 * provide its widgets: it must not call any service outside the portal (the stock joke
 * widget did, and its failure raised the dev error overlay).
 */
jest.setTimeout(30_000);

/** A JSON object, as app config holds them. */
type ConfigObject = NonNullable<RenderTestAppOptions['config']>;

/** An entry of app.extensions: an id, or an id with its setting. */
type ExtensionEntry = string | ConfigObject;

const extensionId = (entry: ExtensionEntry) =>
  typeof entry === 'string' ? entry : Object.keys(entry)[0];

/** app.extensions of the portal's app-config.yaml. */
function configuredExtensions(): ExtensionEntry[] {
  const file = resolve(__dirname, '../../../app-config.yaml');
  return parse(readFileSync(file, 'utf8')).app.extensions;
}

/** The entries that configure the home page and its widgets. */
const homeEntries = () =>
  configuredExtensions().filter(entry =>
    /^(page:home|home-page-widget:|api:home\/|app-root-element:home\/)/.test(
      extensionId(entry),
    ),
  );

const BACKEND = 'http://localhost:7007';

describe('the demo home page', () => {
  const realFetch = globalThis.fetch;
  const realOffsetWidth = Object.getOwnPropertyDescriptor(
    HTMLElement.prototype,
    'offsetWidth',
  );
  let requested: string[];

  beforeEach(() => {
    requested = [];
    // Requests are recorded and never answered: the page must not need any.
    globalThis.fetch = jest.fn((input: RequestInfo | URL) => {
      requested.push(input instanceof Request ? input.url : String(input));
      return new Promise<Response>(() => {});
    });
    // The widget grid measures its width before it renders anything; jsdom has no layout.
    Object.defineProperty(HTMLElement.prototype, 'offsetWidth', {
      configurable: true,
      get: () => 1280,
    });
  });

  afterEach(() => {
    globalThis.fetch = realFetch;
    if (realOffsetWidth) {
      Object.defineProperty(HTMLElement.prototype, 'offsetWidth', {
        ...realOffsetWidth,
      });
    }
  });

  it('switches the joke widget off and leaves it out of the layout', () => {
    const entries = homeEntries();
    expect(entries).toContainEqual({
      'home-page-widget:home/random-joke': false,
    });
    const page = entries.find(entry => extensionId(entry) === 'page:home') as {
      'page:home': { config: { defaultConfig: { component: string }[] } };
    };
    expect(
      page['page:home'].config.defaultConfig.map(widget => widget.component),
    ).not.toContain('HomePageRandomJoke');
  });

  it('renders its widgets without calling a service outside the portal', async () => {
    renderTestApp({
      features: [homePlugin, searchPlugin, homeModule],
      config: {
        app: { extensions: homeEntries() },
        backend: { baseUrl: BACKEND },
      },
      initialRouteEntries: ['/home'],
    });

    expect(
      await screen.findByText('World Clocks', {}, { timeout: 15_000 }),
    ).toBeInTheDocument();
    expect(screen.getByText('Getting Started')).toBeInTheDocument();
    expect(screen.getByText('Toolkit')).toBeInTheDocument();
    expect(screen.queryByText('Random Joke')).toBeNull();
    // Give the widgets' effects a moment to start any request they would make.
    await waitFor(() =>
      expect(screen.getByText('Recently Visited')).toBeInTheDocument(),
    );
    await new Promise(resolveLater => setTimeout(resolveLater, 200));
    expect(requested.filter(url => !url.startsWith(BACKEND))).toEqual([]);
  });
});
