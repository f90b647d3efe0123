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
