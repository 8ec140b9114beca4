import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { ED25519_COSIGNATURE_TYPE } from '@hardening/backstage-plugin-hardening-common';
import { screen, waitFor, within } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { freezeClock } from '../../__testUtils__/clock';
import { T1 } from '../../__testUtils__/fixtures';
import { renderWithEntity } from '../../__testUtils__/renderWithEntity';
import { chain, serveChain } from '../../__testUtils__/auditChainServer';
import { buildLog, testNoteKey } from '../../__testUtils__/transparencyLog';
import { AuditChainSection } from './AuditChainSection';

const server = setupServer();
registerMswTestHooks(server);
freezeClock();

const ALPHA = testNoteKey('witness.alpha', 31, ED25519_COSIGNATURE_TYPE);
const BETA = testNoteKey('witness.beta', 32, ED25519_COSIGNATURE_TYPE);
const AT = Date.parse(T1) / 1000;

/** Alpha cosigned the latest checkpoint (5), beta an older one (3). */
function cosignedLog(entries = chain(5)) {
  return buildLog(entries, {
    witnesses: [
      { signerKey: ALPHA.signerKey, timestamp: AT },
      { signerKey: BETA.signerKey, timestamp: AT - 3600, treeSize: 3 },
    ],
  });
}

/** The verdict on one witness's cosignature, once checked. */
async function verdictOf(witness: string) {
  // The first render of the section loads the chain, the checkpoint and the proofs: on
  // a busy CI machine that outlasts findBy's 1 s default.
  const list = await screen.findByRole(
    'list',
    { name: 'Witness cosignatures' },
    { timeout: 10_000 },
  );
  const item = within(list).getByLabelText(witness);
  await waitFor(
    () => expect(item).not.toHaveTextContent(/checking the cosignature/),
    { timeout: 10_000 },
  );
  const verdict = within(item).getByText(/^cosignature /);
  return {
    text: verdict.textContent,
    status: verdict.closest('[data-status]')?.getAttribute('data-status'),
  };
}

/** Flips one base64 character of a line's signature bytes. */
function tampered(line: string) {
  const at = line.length - 10;
  return `${line.slice(0, at)}${line[at] === 'A' ? 'B' : 'A'}${line.slice(
    at + 1,
  )}`;
}

describe('witness cosignatures verified in the browser', () => {
  it('verifies a cosignature of the latest checkpoint and one of an older, consistent one', async () => {
    serveChain(server, chain(5), cosignedLog());
    await renderWithEntity(<AuditChainSection />);

    expect(await verdictOf('witness.alpha')).toEqual({
      text: 'cosignature verified in your browser',
      status: 'ok',
    });
    expect(await verdictOf('witness.beta')).toEqual({
      text: 'cosignature verified in your browser',
      status: 'ok',
    });
    expect(
      screen.getByText(/^Each cosignature is checked in your browser/),
    ).toHaveTextContent(
      'Each cosignature is checked in your browser with the witness keys listed by the backend.',
    );
  });

  it('says a tampered cosignature, one dated otherwise than listed and one of a rewritten history are invalid', async () => {
    const entries = chain(5);
    const log = cosignedLog(entries);
    const [alpha, beta] = log.status.cosignatures;
    // Beta cosigned size 3 of another history: its signature is fine, its tree is not this log's.
    const rewritten = buildLog(
      entries.map(e => ({ ...e, entry: { ...e.entry, actor: 'mallory' } })),
      {
        witnesses: [
          { signerKey: BETA.signerKey, timestamp: AT - 3600, treeSize: 3 },
        ],
      },
    ).status.cosignatures[0];
    const gamma = testNoteKey('witness.gamma', 33, ED25519_COSIGNATURE_TYPE);
    const gammaListed = buildLog(entries, {
      witnesses: [{ signerKey: gamma.signerKey, timestamp: AT }],
    }).status.cosignatures[0];
    serveChain(server, entries, {
      ...log,
      status: {
        ...log.status,
        cosignatures: [
          { ...alpha, line: tampered(alpha.line) },
          rewritten,
          { ...gammaListed, cosignedAt: '2026-11-21T11:00:00.000Z' },
        ],
        witnessKeys: [...log.status.witnessKeys, gamma.verifierKey],
      },
    });
    expect(beta.rootHash).not.toBe(rewritten.rootHash);
    await renderWithEntity(<AuditChainSection />);

    expect(await verdictOf('witness.alpha')).toEqual({
      text: "cosignature invalid: the signature does not verify with witness.alpha's key over checkpoint 5 of this log",
      status: 'error',
    });
    expect(await verdictOf('witness.beta')).toEqual({
      text: 'cosignature invalid: the tree it cosigned (size 3) is not a prefix of the verified checkpoint: the log was rewritten since',
      status: 'error',
    });
    expect(await verdictOf('witness.gamma')).toEqual({
      text: 'cosignature invalid: it is dated 2026-11-21T10:00:00.000Z, not 2026-11-21T11:00:00.000Z as the backend lists it',
      status: 'error',
    });
  });

  it('does not verify with a key it does not know: not pinned, or listed with another key id', async () => {
    const log = cosignedLog();
    const otherAlpha = testNoteKey(
      'witness.alpha',
      41,
      ED25519_COSIGNATURE_TYPE,
    );
    serveChain(server, chain(5), log);
    const { unmount } = await renderWithEntity(<AuditChainSection />, {
      config: {
        hardening: { transparency: { witnessKeys: [BETA.verifierKey] } },
      },
    });
    expect(await verdictOf('witness.alpha')).toEqual({
      text: `cosignature not verified: no key of witness.alpha with key id ${ALPHA.keyId} is known here`,
      status: 'warning',
    });
    expect(await verdictOf('witness.beta')).toMatchObject({
      text: 'cosignature verified in your browser',
    });
    expect(
      screen.getByText(/^Each cosignature is checked in your browser/),
    ).toHaveTextContent('with the witness keys pinned in the frontend config.');
    unmount();

    // The backend lists a key of alpha's name, but not the one that cosigned.
    serveChain(server, chain(5), {
      ...log,
      status: {
        ...log.status,
        witnessKeys: [otherAlpha.verifierKey, BETA.verifierKey],
      },
    });
    await renderWithEntity(<AuditChainSection />);
    expect(await verdictOf('witness.alpha')).toEqual({
      text: `cosignature not verified: no key of witness.alpha with key id ${ALPHA.keyId} is known here`,
      status: 'warning',
    });
  });
});
