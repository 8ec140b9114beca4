import {
  entryLeafHash,
  merkleHasher,
  rootOfLeafHashes,
  utf8,
} from '@hardening/backstage-plugin-hardening-common';
import { latin1TreeHasher, nodeSha256, treeHasher } from './nodeSha256';

/** -common's RFC 6962 hasher on its own SHA-256: the reference. */
const reference = merkleHasher();

describe('treeHasher', () => {
  it('hashes leaves, nodes and the empty tree as the RFC 6962 reference does', () => {
    const leaves = ['', 'a', 'x'.repeat(55), 'x'.repeat(64), 'é'.repeat(300)];
    for (const text of leaves) {
      expect(treeHasher.leafHash(utf8(text))).toEqual(
        reference.leafHash(utf8(text)),
      );
    }
    const hashes = leaves.map(text => reference.leafHash(utf8(text)));
    expect(rootOfLeafHashes(treeHasher, hashes)).toEqual(
      rootOfLeafHashes(reference, hashes),
    );
    expect(treeHasher.emptyRoot()).toEqual(reference.emptyRoot());
    // FIPS 180-2's example.
    expect(Buffer.from(nodeSha256(utf8('abc'))).toString('hex')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('returns a node hash that later hashes do not overwrite', () => {
    const [a, b, c] = ['a', 'b', 'c'].map(t => reference.leafHash(utf8(t)));
    const first = treeHasher.nodeHash(a, b);
    const kept = Uint8Array.from(first);
    treeHasher.nodeHash(b, c);
    expect(first).toEqual(kept);
    expect(first).toEqual(reference.nodeHash(a, b));
  });

  it('hashes nodes of inputs that are not 32-byte hashes too', () => {
    const left = utf8('short');
    const right = utf8('y'.repeat(40));
    expect(treeHasher.nodeHash(left, right)).toEqual(
      reference.nodeHash(left, right),
    );
  });

  it('hashes the canonical content of an entry as the leaf of its UTF-8 bytes', () => {
    for (const content of [
      '',
      '{"action":"build","prevHash":"00"}',
      '{"actor":"Zoë 🚀","details":{"note":"\\u0000 and ü"}}',
      'a raw \u0000 byte',
    ]) {
      expect(
        Buffer.from(latin1TreeHasher.entryLeafHash(content), 'latin1'),
      ).toEqual(Buffer.from(entryLeafHash(reference, content)));
    }
  });

  it('hashes nodes given as latin1 strings as the bytes they stand for', () => {
    const left = reference.leafHash(utf8('left'));
    const right = reference.leafHash(utf8('right'));
    const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
    expect(
      Buffer.from(
        latin1TreeHasher.nodeHash(latin1(left), latin1(right)),
        'latin1',
      ),
    ).toEqual(Buffer.from(reference.nodeHash(left, right)));
  });
});
