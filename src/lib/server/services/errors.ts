import type { AckError, ErrorCode } from '$lib/shared/contracts';

/** A refusal a user can act on: it becomes the `error` of an acknowledgement or a form failure. */
export class ServiceError extends Error {
	constructor(
		readonly code: ErrorCode,
		message: string,
		readonly issues?: { path: string; message: string }[]
	) {
		super(message);
		this.name = 'ServiceError';
	}

	toAck(): AckError {
		return { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) };
	}
}

export const forbidden = (what = 'You may not do this') => new ServiceError('forbidden', what);
export const notFound = (what: string) => new ServiceError('not_found', `${what} not found`);

/**
 * A refusal that names the form field it belongs to (`_form` for the form as a whole) and a
 * message code the page translates, so the message shows next to that field.
 *
 * @example throw new FieldRefusal('invalid_state', 'not_presented', 'This body did not present', 'bodyId');
 */
export class FieldRefusal extends ServiceError {
	constructor(
		code: ErrorCode,
		readonly reason: string,
		message: string,
		readonly field = '_form'
	) {
		super(code, message, [{ path: field, message: reason }]);
	}
}
