/** A manifest file of a bundle → the kinds it defines (read whole, up to a size limit). */

import { MAX_MANIFEST_BYTES, kindsFromManifest } from '../input/manifests.js';
import { ManifestSyntaxError } from '../correlate/manifest-docs.js';
import { formatBytes } from '../side-file.js';
import type { ByteSource } from '../input/settle.js';
import type { Outcome } from './outcome.js';

export async function analyzeManifest(label: string, source: ByteSource): Promise<Outcome> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source.stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_MANIFEST_BYTES) {
      source.stream.destroy();
      return { type: 'error', message: `${label}: manifest larger than the ${formatBytes(MAX_MANIFEST_BYTES)} limit, not read` };
    }
    chunks.push(chunk);
  }
  const failure = source.failure();
  if (failure) return { type: 'error', message: `${label}: ${failure.message}` };
  try {
    return { type: 'kinds', label, kinds: kindsFromManifest(Buffer.concat(chunks, size).toString('utf8'), label) };
  } catch (err) {
    if (err instanceof ManifestSyntaxError) return { type: 'error', message: `${label}: ${err.message}` };
    throw err;
  }
}
