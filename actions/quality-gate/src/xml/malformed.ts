/**
 * Thrown by the byte scanners with the offset of the problem in the buffer they were given; the
 * stream parser turns it into an XmlError with file, line and column (only it knows those).
 */
export class Malformed extends Error {
  readonly at: number;
  constructor(reason: string, at: number) {
    super(reason);
    this.name = 'Malformed';
    this.at = at;
  }
}
