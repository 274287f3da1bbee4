/**
 * Health-record fields in data files. HIPAA's protected health information is health data tied
 * to a person; a fixture with a filled-in `diagnosis` or `medical_record_number` is the typical
 * leak. Names are compared after folding case and separators (`medicalRecordNumber`,
 * `medical-record-number` and `MEDICAL_RECORD_NUMBER` are one field).
 */
const HEALTH_FIELDS = new Set([
  'diagnosis',
  'diagnoses',
  'diagnosiscode',
  'icd10',
  'icd10code',
  'icd9',
  'icdcode',
  'medicalrecordnumber',
  'mrn',
  'medicalrecord',
  'healthplanbeneficiarynumber',
  'healthplanid',
  'medicareid',
  'medicaidid',
  'prescription',
  'prescriptions',
  'medication',
  'medications',
  'labresult',
  'labresults',
  'treatment',
  'allergies',
  'bloodtype',
  'hivstatus',
  'conditions',
  'patientid',
  'patientname',
]);

/** Only data and configuration files: code that names a `diagnosis` field is not a record. */
export const DATA_FILE = /\.(json|jsonl|ndjson|ya?ml|csv|tsv|sql|xml|fhir)$/i;

function fold(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export interface HealthFieldHit {
  line: number;
  column: number;
  field: string;
}

/** Keyed values (`"diagnosis": "E11.9"`, `diagnosis: E11.9`) and CSV/TSV headers with data rows. */
export function findHealthFields(path: string, lines: readonly string[]): HealthFieldHit[] {
  if (/\.(csv|tsv)$/i.test(path)) return csvHeaderHits(path, lines);
  const hits: HealthFieldHit[] = [];
  const keyed = /["']?([A-Za-z][A-Za-z0-9_ -]{1,40})["']?\s*[:=]\s*(.{0,200})/g;
  lines.forEach((line, index) => {
    for (const match of line.matchAll(keyed)) {
      const field = match[1] ?? '';
      if (!HEALTH_FIELDS.has(fold(field))) continue;
      const value = (match[2] ?? '')
        .trim()
        .replace(/[,}\]]+$/, '')
        .trim();
      if (value === '' || /^(null|~|""|''|\[\]|\{\}|\[|\{)$/i.test(value)) continue; // a schema or an empty record
      hits.push({ line: index + 1, column: (match.index ?? 0) + 1, field });
    }
  });
  return hits;
}

function csvHeaderHits(path: string, lines: readonly string[]): HealthFieldHit[] {
  const separator = /\.tsv$/i.test(path) ? '\t' : ',';
  const header = lines[0] ?? '';
  const dataRows = lines.slice(1).filter((l) => l.trim() !== '').length;
  if (dataRows === 0) return [];
  const hits: HealthFieldHit[] = [];
  let column = 1;
  for (const cell of header.split(separator)) {
    const name = cell.trim().replace(/^"|"$/g, '');
    if (HEALTH_FIELDS.has(fold(name))) hits.push({ line: 1, column, field: name });
    column += cell.length + 1;
  }
  return hits;
}
