/** The evidence bundle's manifest: what was examined, with what inputs, what came out, and the link. */
export const BUNDLE_FORMAT = 'ancient-elder/evidence-bundle@1';
export const MANIFEST_FILE = 'manifest.json';
export const BUNDLE_DIR_PREFIX = 'bundle-';

export interface BundleItem {
  name: string;
  /** Repository-relative path, synthetic path of an API response, or `results/...`. */
  path: string;
  sha256: string;
  bytes: number;
  /** Path inside the bundle directory when the bytes are stored there (verify rehashes them). */
  file?: string;
}

export interface BundleInputs {
  repository?: string;
  commit?: string;
  ref?: string;
  runUrl?: string;
  environment: string;
  frameworks: string[];
  /** sha256 of the configuration file's bytes. */
  configSha256?: string;
  /** Rule id -> version of the rule's logic (the tool version unless a checker says otherwise). */
  ruleVersions: Record<string, string>;
  tool: { name: string; version: string };
}

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  sequence: number;
  /** Bundle hash of the previous bundle in the trail; null for the first. */
  previous: string | null;
  createdAt: string;
  inputs: BundleInputs;
  items: BundleItem[];
  results: Record<string, unknown>;
}

export function bundleDirName(sequence: number): string {
  return `${BUNDLE_DIR_PREFIX}${String(sequence).padStart(6, '0')}`;
}
