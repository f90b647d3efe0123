import type { AckError, ErrorCode } from '$lib/shared/contracts';
import type { ReasonedRefusal, RefusalParams, RefusalReason } from '$lib/shared/refusals';

/**
 * A refusal a user can act on: it becomes the `error` of an acknowledgement or a form failure.
 * It carries a refusal reason with parameters, which the client words in the reader's language
 * (`$lib/shared/refusal-text`); the English message is for logs and API callers only. Without a
 * reason, the error kind's generic one is used.
 */
export class ServiceError extends Error {
	readonly refusal: ReasonedRefusal;

	constructor(
		readonly code: ErrorCode,
		message: string,
		readonly issues?: { path: string; message: string }[],
		reason: RefusalReason = code,
		params?: RefusalParams
	) {
		super(message);
		this.name = 'ServiceError';
		this.refusal = params ? { reason, params } : { reason };
	}

	toAck(): AckError {
		return { code: this.code, message: this.message, ...this.refusal, ...(this.issues ? { issues: this.issues } : {}) };
	}
}

/** A refusal with its reason and nothing else to say (no field issues). */
export const refusal = (code: ErrorCode, reason: RefusalReason, message: string, params?: RefusalParams) =>
	new ServiceError(code, message, undefined, reason, params);

export const forbidden = (what = 'You may not do this', reason: RefusalReason = 'forbidden') => refusal('forbidden', reason, what);
export const secretariatOnly = (what: string) => forbidden(what, 'secretariat_only');
/** Too many failed attempts (sign-ins, password changes): how long to wait, in whole seconds. */
export function tooManyAttempts(retryAfterMs: number): ServiceError {
	const seconds = Math.ceil(retryAfterMs / 1000);
	return refusal('rate_limited', 'too_many_attempts', `Too many failed attempts; try again in ${seconds} s`, { seconds });
}

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
