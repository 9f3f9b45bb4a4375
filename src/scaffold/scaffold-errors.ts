import { NewsmillError } from '../core/errors.js';

/** `init` would overwrite a project: the folder already holds a newsmill.yaml. */
export class ProjectExistsError extends NewsmillError {
  override readonly name = 'ProjectExistsError';
}

/** The running newsmill could not be packed into a project (not built, or npm pack failed). */
export class NewsmillPackError extends NewsmillError {
  override readonly name = 'NewsmillPackError';
}
