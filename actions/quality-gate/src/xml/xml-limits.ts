/**
 * Limits that keep a hostile or broken document from costing unbounded memory or time. Each one
 * is far above what real test and coverage reports contain, so hitting one means the file is not
 * a report (or was built to hurt us), and the parser stops with an error naming the limit.
 */
export interface XmlLimits {
  /** Open elements at once; JUnit nests a handful, a billion-level nesting is an attack. */
  maxDepth: number;
  /** Bytes in one element or attribute name. */
  maxNameBytes: number;
  /** Attributes on one start tag. */
  maxAttributes: number;
  /** Bytes in one attribute value (Surefire puts whole assertion messages there). */
  maxAttributeValueBytes: number;
  /** Bytes in one start tag, processing instruction or DOCTYPE: what the parser must hold at once. */
  maxTagBytes: number;
}

export const DEFAULT_XML_LIMITS: Readonly<XmlLimits> = Object.freeze({
  maxDepth: 256,
  maxNameBytes: 1_024,
  maxAttributes: 256,
  maxAttributeValueBytes: 4 * 1024 * 1024,
  maxTagBytes: 8 * 1024 * 1024,
});

/** The defaults with any given overrides; non-positive or non-integer overrides are a bug. */
export function resolveXmlLimits(overrides: Partial<XmlLimits> = {}): XmlLimits {
  const limits = { ...DEFAULT_XML_LIMITS };
  for (const key of Object.keys(DEFAULT_XML_LIMITS) as (keyof XmlLimits)[]) {
    const value = overrides[key];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`XML limit ${key} must be a positive integer`);
    limits[key] = value;
  }
  return limits;
}
