import type { z } from 'zod';
import { ServiceError } from './errors';

/** Validates a boundary payload with its schema; a failure names each bad field and changes nothing. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
	const parsed = schema.safeParse(raw);
	if (!parsed.success) {
		const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(payload)', message: i.message }));
		throw new ServiceError('invalid_input', `Invalid input: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
	}
	return parsed.data;
}
