export interface Config {
  /** Configuration of the Hardening plugins. */
  hardening?: {
    transparency?: {
      /**
       * The verifier key of the backend's transparency log (C2SP note verifier key,
       * `<name>+<8 hex digits>+<base64>`, as `GET /api/hardening/transparency/public-key`
       * answers it). When set, the Hardening tab verifies checkpoints with this pinned
       * key; without it, with the key the backend serves, which only shows that the
       * checkpoint was not changed on its way.
       * @visibility frontend
       */
      publicKey?: string;
      /**
       * The verifier keys of the witnesses whose cosignatures the Hardening tab checks
       * (C2SP note verifier keys of type 0x04, as `hardening keys generate --witness`
       * prints them). When set, cosignatures are verified in the browser with these
       * pinned keys only; without it, with the keys the backend lists.
       * @visibility frontend
       */
      witnessKeys?: string[];
    };
  };
}
