/** Options every coverage parser takes. */
export interface CoverageParseOptions {
  /** How messages name the report (e.g. its workspace-relative path); defaults to the file path. */
  name?: string;
  /** Most warnings kept per report; the rest are counted. */
  warningCap?: number;
  /**
   * Called once, before the first record, with the roots the report declares (Cobertura
   * `<source>`), so paths can be resolved against them as records stream.
   */
  onSourceRoots?: (roots: string[]) => void;
}
