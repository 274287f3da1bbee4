/**
 * The GitHub limits every rendered output has to respect, each with where it comes from.
 * Going over one of them is not a degraded display: the API answers 422 and the verdict is
 * lost, so every renderer fits its output under these with `BudgetedMarkdown`.
 *
 * Text limits are measured in UTF-8 bytes throughout (see `text-size.ts`): GitHub documents
 * most of them in characters, but has been seen to enforce the check-run summary as a byte
 * size, and bytes are never fewer than characters, so a text within the byte limit is within
 * the character limit too. The cost is that text in non-Latin scripts gets less room.
 */

// --- Checks API (REST "Create a check run" / "Update a check run") -----------------------

/** `output.summary`: "Maximum length: 65535 characters"; a 422 names it a "maximum bytesize". */
export const CHECK_RUN_SUMMARY_MAX = 65_535;
/** `output.text`: same documented limit as the summary. */
export const CHECK_RUN_TEXT_MAX = 65_535;
/** "The Checks API limits the number of annotations to a maximum of 50 per API request." */
export const ANNOTATIONS_PER_REQUEST = 50;
/** Annotation `message`: "The maximum size is 64 KB"; read as 64,000 bytes to stay clear of it. */
export const ANNOTATION_MESSAGE_MAX_BYTES = 64_000;
/** Annotation `raw_details`: "The maximum size is 64 KB"; read as 64,000 bytes. */
export const ANNOTATION_RAW_DETAILS_MAX_BYTES = 64_000;
/** Annotation `title`: "The maximum size is 255 characters." */
export const ANNOTATION_TITLE_MAX = 255;
/**
 * Our own cap, not GitHub's: 1,000 annotations are 20 update requests. Beyond that the
 * annotations stop helping a reviewer and start costing rate limit; the rest are counted in
 * the check-run summary and listed in the result file.
 */
export const DEFAULT_MAX_ANNOTATIONS = 1_000;

// --- Issues and pull request comments -----------------------------------------------------

/** Issue/PR comment `body`: 422 "Body is too long (maximum is 65536 characters)". */
export const COMMENT_BODY_MAX = 65_536;

// --- GitHub Actions job summary (GITHUB_STEP_SUMMARY) -------------------------------------

/**
 * 1 MiB per step, documented in bytes; over it the upload fails with an error annotation
 * and the summary is not shown. At most 20 step summaries are shown per job.
 */
export const JOB_SUMMARY_MAX_BYTES = 1_048_576;
export const JOB_SUMMARIES_SHOWN_PER_JOB = 20;

// --- Workflow-command annotations (`::error` and friends) ---------------------------------

/** 10 errors, 10 warnings and 10 notices per step, 50 per job: prefer check-run annotations. */
export const WORKFLOW_COMMAND_ANNOTATIONS_PER_LEVEL_PER_STEP = 10;
export const WORKFLOW_COMMAND_ANNOTATIONS_PER_JOB = 50;

// --- SARIF upload to code scanning --------------------------------------------------------

/** Upload size: 10 MB gzip-compressed (read as 10,000,000 bytes). */
export const SARIF_MAX_GZIP_BYTES = 10_000_000;
/** Runs per SARIF file. */
export const SARIF_MAX_RUNS = 20;
/** Results per run accepted; of these only the top 5,000 by severity are kept. */
export const SARIF_MAX_RESULTS_PER_RUN = 25_000;
export const SARIF_RESULTS_KEPT_PER_RUN = 5_000;
/** Rules per run. */
export const SARIF_MAX_RULES_PER_RUN = 25_000;
/** Locations per result accepted; of these only 100 are kept. */
export const SARIF_MAX_LOCATIONS_PER_RESULT = 1_000;
export const SARIF_LOCATIONS_KEPT_PER_RESULT = 100;
/** Tags per rule accepted; of these only 10 are kept, so we never send more than 10. */
export const SARIF_MAX_TAGS_PER_RULE = 20;
export const SARIF_TAGS_KEPT_PER_RULE = 10;
