export { auditRepositoryFiles, type RepositoryAuditOptions } from './audit-repository.js';
export { REPOSITORY_RULES, REPOSITORY_RULE_LIST } from './repository-rules.js';
