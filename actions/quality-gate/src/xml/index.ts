/** The streaming XML tokenizer the report parsers build on. */
export { parseXmlFile, XML_READ_CHUNK_BYTES, type XmlFileOptions } from './parse-xml-file.js';
export { RejectedContent } from './rejected-content.js';
export type { TextPosition } from './position-tracker.js';
export { XmlAttributes } from './xml-attributes.js';
export { XmlError } from './xml-error.js';
export { DEFAULT_XML_LIMITS, type XmlLimits } from './xml-limits.js';
export { XmlStreamParser, type XmlHandlers, type XmlParserOptions } from './xml-stream-parser.js';
