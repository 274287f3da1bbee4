/**
 * Thrown by a tokenizer consumer for a document that is well-formed XML but not what it expects
 * (a JUnit reader given a Cobertura report, say). The stream parser turns it into an XmlError
 * located at the tag being handled, so consumers need not track positions themselves.
 */
export class RejectedContent extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'RejectedContent';
  }
}
