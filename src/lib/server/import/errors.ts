import { ServiceError } from '../services/errors';

/** Why an imported file could not be read at all (as opposed to rows in error, which validation reports). */
export type ImportProblem =
	| 'too_large'
	| 'too_many_rows'
	| 'empty'
	| 'no_rows'
	| 'no_header'
	| 'unknown_type'
	| 'legacy_xls'
	| 'malformed_csv'
	| 'unreadable_xlsx'
	| 'too_big_uncompressed'
	| 'too_many_cells'
	| 'text_too_long'
	| 'took_too_long';

/** Why a file could not be read: an import's problems, and those of a PDF read back for verification. */
export type FileProblem = ImportProblem | 'unreadable_pdf' | 'too_many_pages';

/** A file refused as a whole; `params` feed the translated message (limits, the line of a broken quote…). */
export class ImportFileError extends ServiceError {
	constructor(
		readonly problem: FileProblem,
		message: string,
		readonly params: Record<string, string | number> = {}
	) {
		super('invalid_input', message, [{ path: 'file', message }]);
		this.name = 'ImportFileError';
	}
}
