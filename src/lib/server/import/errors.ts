import { ServiceError } from '../services/errors';

/** Why a file could not be read at all (as opposed to rows in error, which validation reports). */
export type FileProblem =
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
