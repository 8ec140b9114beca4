export interface Config {
  hardening?: {
    scaffolder?: {
      /**
       * Folder the `hardening:publish:local` action writes template output into, one
       * sub-folder per task. Default: `hardening-scaffolder` in the OS temporary folder.
       */
      localOutputDir?: string;
    };
  };
}
