import type { Finding } from '../../../../shared/result/phase-result.js';
import { REPOSITORY_RULES } from './repository-rules.js';

/**
 * Executable code that cannot be reviewed: recognised by magic number first (an ELF renamed to
 * .txt is still an ELF), then by extension for formats without a reliable magic (Scorecard's
 * Binary-Artifacts uses an extension list only, and misses renamed files).
 */
const MAGIC: readonly { name: string; bytes: readonly number[] }[] = [
  { name: 'ELF executable or library', bytes: [0x7f, 0x45, 0x4c, 0x46] },
  { name: 'Windows PE executable', bytes: [0x4d, 0x5a] },
  { name: 'Mach-O binary', bytes: [0xcf, 0xfa, 0xed, 0xfe] },
  { name: 'Mach-O binary', bytes: [0xce, 0xfa, 0xed, 0xfe] },
  { name: 'Mach-O universal binary or Java class', bytes: [0xca, 0xfe, 0xba, 0xbe] },
  { name: 'WebAssembly module', bytes: [0x00, 0x61, 0x73, 0x6d] },
];

const EXTENSIONS: Record<string, string> = {
  jar: 'Java archive',
  war: 'Java web archive',
  class: 'Java class',
  pyc: 'Python bytecode',
  pyo: 'Python bytecode',
  exe: 'Windows executable',
  dll: 'Windows library',
  so: 'shared library',
  dylib: 'macOS library',
  o: 'object file',
  a: 'static library',
  lib: 'static library',
  wasm: 'WebAssembly module',
  msi: 'Windows installer',
  apk: 'Android package',
  deb: 'Debian package',
  rpm: 'RPM package',
  whl: 'Python wheel',
  gem: 'Ruby gem',
  nupkg: 'NuGet package',
};

/** Files that start with MZ but are not executables often enough to need the PE header check. */
function isPortableExecutable(head: Uint8Array): boolean {
  if (head.length < 0x40) return false;
  const offset = (head[0x3c] ?? 0) | ((head[0x3d] ?? 0) << 8) | ((head[0x3e] ?? 0) << 16) | ((head[0x3f] ?? 0) << 24);
  if (offset + 4 > head.length) return true; // header beyond what we read: trust the MZ + offset shape
  return head[offset] === 0x50 && head[offset + 1] === 0x45 && head[offset + 2] === 0 && head[offset + 3] === 0;
}

export function binaryKind(path: string, head: Uint8Array): string | undefined {
  for (const magic of MAGIC) {
    if (magic.bytes.every((byte, i) => head[i] === byte)) {
      if (magic.name === 'Windows PE executable' && !isPortableExecutable(head)) continue;
      return magic.name;
    }
  }
  const dot = path.lastIndexOf('.');
  const ext = dot === -1 ? '' : path.slice(dot + 1).toLowerCase();
  return EXTENSIONS[ext];
}

export function binaryFinding(path: string, kind: string): Finding & { ruleId: string } {
  const rule = REPOSITORY_RULES.binaryArtifact;
  return {
    ruleId: rule.id,
    severity: rule.severity,
    message: `${path} is a checked-in binary (${kind}).`,
    location: { file: path },
    help: rule.help,
    fingerprint: `${rule.id}:${path}`,
  };
}
