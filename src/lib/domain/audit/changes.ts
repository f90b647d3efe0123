/**
 * An audit row's before and after, read field by field: what the secretariat's audit log page
 * shows instead of two blobs of JSON. Nested objects and lists are walked down to their leaves
 * and named by their path ("aggregation.method", "criteria.2.weight"); only what differs is kept.
 */

/** A leaf's value as written in the row: a number, text, yes/no, or nothing. */
export type ChangeValue = string | number | boolean | null;

export interface FieldChange {
	/** The leaf's path in the stored object, dotted ("stageWeights.prior", "criteria.0.weight"). */
	field: string;
	/** `undefined`: the field was not there before (added) or is not there after (removed). */
	before?: ChangeValue;
	after?: ChangeValue;
}

/** The leaves of a stored value by their path. An empty object or list is a leaf of its own ("{}", "[]"). */
function leaves(value: unknown, path: string, into: Map<string, ChangeValue>): Map<string, ChangeValue> {
	if (value !== null && typeof value === 'object') {
		const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
		if (entries.length === 0) into.set(path, Array.isArray(value) ? '[]' : '{}');
		for (const [key, child] of entries) leaves(child, path ? `${path}.${key}` : key, into);
	} else if (value !== undefined) {
		into.set(path, value as ChangeValue);
	}
	return into;
}

/**
 * The fields that differ between an audit row's before and after, in the order they first appear
 * (the after's order, then what only the before had). A creation lists every field as added, a
 * removal every field as removed (a missing side is null or undefined). A value that is not an object is one field named "".
 *
 * @example fieldChanges({ passingGrade: 60, bands: [{ min: 90 }] }, { passingGrade: 55, bands: [{ min: 90 }] })
 * // → [{ field: 'passingGrade', before: 60, after: 55 }]
 */
export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
	// A row without a before (a creation) or an after (a removal) stores null there: no fields.
	const was = before === null ? new Map<string, ChangeValue>() : leaves(before, '', new Map());
	const is = after === null ? new Map<string, ChangeValue>() : leaves(after, '', new Map());
	const changes: FieldChange[] = [];
	for (const [field, value] of is) {
		if (!was.has(field)) changes.push({ field, after: value });
		else if (was.get(field) !== value) changes.push({ field, before: was.get(field), after: value });
	}
	for (const [field, value] of was) if (!is.has(field)) changes.push({ field, before: value });
	return changes;
}

/**
 * The reason a change was made with, when its row records one (an unlock, a correction, a
 * re-import after the lock): the after's `reason`, if it is text.
 *
 * @example changeReason({ settingsLockedAt: null, reason: 'Bobot salah ketik' }) // → 'Bobot salah ketik'
 */
export function changeReason(after: unknown): string | null {
	if (after === null || typeof after !== 'object' || Array.isArray(after)) return null;
	const reason = (after as Record<string, unknown>).reason;
	return typeof reason === 'string' && reason.trim() ? reason : null;
}
