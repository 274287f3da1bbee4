// Reads a request body with a hard size cap, so a client cannot make the service buffer an
// unbounded amount of memory by sending a huge (or endless) body.

/** Admin bodies are a handful of fields; 16 KiB is generous. */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024;

/** The body is larger than allowed; the handler answers 413. */
export class BodyTooLargeError extends Error {
  constructor(limit) {
    super(`request body is larger than ${limit} bytes`);
    this.name = 'BodyTooLargeError';
    this.limit = limit;
  }
}

export function readBody(req, maxBytes = DEFAULT_MAX_BODY_BYTES) {
  return new Promise((resolve, reject) => {
    // A declared length over the cap is refused before a byte is read.
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      reject(new BodyTooLargeError(maxBytes));
      return;
    }
    const chunks = [];
    let size = 0;
    const onData = (chunk) => {
      size += chunk.length;
      if (size > maxBytes) {
        cleanup();
        // Stop reading: the rest of the body is never consumed, so the caller must close
        // the connection after answering.
        req.pause();
        reject(new BodyTooLargeError(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks));
    };
    const onError = (err) => {
      cleanup();
      reject(err);
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}
