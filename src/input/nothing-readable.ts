/** The error for a run in which no input at all could be opened: exit 2 and no report, as for a single missing file. */

import { KldError } from '../errors.js';

export class NothingReadableError extends KldError {
  readonly code = 'KLD_INPUT_UNREADABLE';
}
