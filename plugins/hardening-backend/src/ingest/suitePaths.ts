import { detachedString } from './detachedString';
import { NumberList } from './numberList';
import { textBytes } from './testTextBudget';

/** The node of the empty path. */
const ROOT = 0;

/**
 * The distinct suite paths of one report, each kept once as a node of a tree: its
 * parent's path and one name more. A path therefore costs one name however deep it
 * is, and finding the node of a path costs only the names it does not share with the
 * path asked for before it (a report lists its test cases suite by suite), so a deep
 * path of long names is neither copied nor compared whole for each test case.
 */
export class SuitePaths {
  /** Per node: its parent (the root's is -1). */
  readonly #parents = new NumberList(n => new Int32Array(n));
  /** Per node: the bytes of the names of its path (`textBytes`). */
  readonly #bytes = new NumberList(n => new Float64Array(n));
  /** Per node: its last name. */
  readonly #names: string[] = [''];
  /** `<parent node>:<name>` → node. */
  readonly #children = new Map<string, number>();
  #lastPath: readonly string[] = [];
  /** The nodes of the prefixes of `#lastPath`: `[i]` is the node of its first i+1 names. */
  #lastNodes: number[] = [];

  constructor() {
    this.#parents.push(-1);
    this.#bytes.push(0);
  }

  /** The node of `path`, added when new. */
  nodeOf(path: readonly string[]): number {
    const last = this.#lastPath;
    if (path !== last) {
      const limit = Math.min(path.length, last.length);
      let shared = 0;
      while (shared < limit && path[shared] === last[shared]) {
        shared += 1;
      }
      const nodes = this.#lastNodes.slice(0, shared);
      let node = shared === 0 ? ROOT : nodes[shared - 1];
      for (let i = shared; i < path.length; i++) {
        node = this.#child(node, path[i]);
        nodes.push(node);
      }
      this.#lastPath = path;
      this.#lastNodes = nodes;
    }
    return path.length === 0 ? ROOT : this.#lastNodes[path.length - 1];
  }

  /** The bytes of the names of `path` (`textBytes`), all added up. */
  bytesOf(path: readonly string[]): number {
    return this.#bytes.at(this.nodeOf(path));
  }

  /** The path of `node`, as a new array. */
  path(node: number): string[] {
    const names: string[] = [];
    for (let n = node; n !== ROOT; n = this.#parents.at(n)) {
      names.push(this.#names[n]);
    }
    return names.reverse();
  }

  #child(parent: number, name: string): number {
    const key = `${parent}:${name}`;
    let node = this.#children.get(key);
    if (node === undefined) {
      node = this.#names.length;
      this.#names.push(detachedString(name));
      this.#parents.push(parent);
      this.#bytes.push(this.#bytes.at(parent) + textBytes(name));
      this.#children.set(detachedString(key), node);
    }
    return node;
  }
}
