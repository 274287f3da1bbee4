// The workflow checker (auditWorkflows and everything it imports, yaml included) bundled as the
// compliance-audit action ships it.
import { bundleTypeScript, reexport } from './bundle-typescript.mjs';

export function bundleElderWorkflowAudit(root, dir) {
  return bundleTypeScript(
    dir,
    'elder-workflows',
    reexport(root, 'actions/compliance-audit/src/workflows/audit-workflows.ts', ['auditWorkflows']),
  );
}
