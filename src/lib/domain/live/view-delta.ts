/**
 * What changed between two versions of a public view, as a small delta: a big screen holding the
 * view at version 41 is sent only the room whose state changed and the leaderboard line that moved,
 * not the whole view again. Views are JSON (they travel over socket.io): objects are diffed key by
 * key, and lists of records that carry an identity (a leaderboard's lines by body, the rooms by
 * panel, the boards by category) item by item; anything else that changed is sent whole.
 *
 * Applying a delta is idempotent: `applyDelta(b, diff(a, b))` is `b` again, so a view that already
 * holds the newer data (a sync answered while the change committed) is not harmed by its delta.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * `$`: the new value, whole. `o` (with `d`): an object, its changed keys and the keys it lost. `k`: a
 * list of records identified by field `k`, with their deltas by identity (`o`, a newcomer whole) and,
 * when the order or membership changed, the identities in their new order (`ids`).
 */
export type Delta = { $: Json } | { o: Record<string, Delta>; d?: string[] } | { k: string; o: Record<string, Delta>; ids?: string[] };

/** The fields by which a list's records are told apart, in order of preference. */
const IDENTITIES = ['bodyId', 'panelId', 'categoryId', 'id'] as const;

type Record_ = { [key: string]: Json };

/** Sets an own property, even one named "__proto__" (which plain assignment would take as the prototype). */
function put<T>(target: Record<string, T>, key: string, value: T): void {
	Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const isRecord = (v: Json | undefined): v is Record_ => typeof v === 'object' && v !== null && !Array.isArray(v);

function equal(a: Json, b: Json): boolean {
	if (a === b) return true;
	if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => equal(x, b[i]));
	if (!isRecord(a) || !isRecord(b)) return false;
	const keys = Object.keys(a);
	return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && equal(a[k], b[k]));
}

/** The identity field every record of both lists carries, each value a distinct string; null if none does. */
function identityOf(a: Json[], b: Json[]): string | null {
	const all = [...a, ...b];
	if (all.length === 0 || !all.every(isRecord)) return null;
	return (
		IDENTITIES.find((field) => {
			const ids = (list: Json[]) => list.map((r) => (r as Record_)[field]);
			const distinct = (values: Json[]) => values.every((v) => typeof v === 'string') && new Set(values).size === values.length;
			return distinct(ids(a)) && distinct(ids(b));
		}) ?? null
	);
}

/**
 * The delta that turns `a` into `b`; null when they are equal.
 *
 * @example diff({ rank: 2, band: 'A' }, { rank: 1, band: 'A' }) // { o: { rank: { $: 1 } } }
 */
export function diff(a: Json, b: Json): Delta | null {
	if (equal(a, b)) return null;
	if (isRecord(a) && isRecord(b)) {
		const o: Record<string, Delta> = {};
		for (const key of Object.keys(b)) {
			const changed = Object.hasOwn(a, key) ? diff(a[key], b[key]) : { $: b[key] };
			if (changed) put(o, key, changed);
		}
		const d = Object.keys(a).filter((key) => !Object.hasOwn(b, key));
		return d.length > 0 ? { o, d } : { o };
	}
	if (Array.isArray(a) && Array.isArray(b)) {
		const k = identityOf(a, b);
		if (k) return listDiff(k, a as Record_[], b as Record_[]);
	}
	return { $: b };
}

function listDiff(k: string, a: Record_[], b: Record_[]): Delta {
	const before = new Map(a.map((r) => [r[k] as string, r]));
	const o: Record<string, Delta> = {};
	for (const record of b) {
		const id = record[k] as string;
		const old = before.get(id);
		const changed = old ? diff(old, record) : { $: record };
		if (changed) put(o, id, changed);
	}
	const ids = b.map((r) => r[k] as string);
	const sameOrder = ids.length === a.length && ids.every((id, i) => a[i][k] === id);
	return sameOrder ? { k, o } : { k, o, ids };
}

/**
 * The value `delta` turns `value` into; `value` is not changed (unchanged parts are shared).
 * Throws on a delta that does not fit the value (a list delta for something not a list).
 *
 * @example applyDelta({ rank: 2, band: 'A' }, { o: { rank: { $: 1 } } }) // { rank: 1, band: 'A' }
 */
export function applyDelta(value: Json, delta: Delta | null): Json {
	if (!delta) return value;
	if ('$' in delta) return delta.$;
	if ('k' in delta) {
		if (!Array.isArray(value)) throw new Error('a list delta for something not a list');
		const k = delta.k;
		const byId = new Map(value.map((r) => [(r as Record_)[k] as string, r]));
		const ids = delta.ids ?? value.map((r) => (r as Record_)[k] as string);
		return ids.map((id) => {
			const old = byId.get(id);
			const change = Object.hasOwn(delta.o, id) ? delta.o[id] : undefined;
			if (old === undefined && !(change && '$' in change)) throw new Error(`no record ${id} to change`);
			return change ? applyDelta(old ?? null, change) : old!;
		});
	}
	if (!isRecord(value)) throw new Error('an object delta for something not an object');
	const next: Record_ = { ...value };
	for (const key of delta.d ?? []) delete next[key];
	for (const [key, change] of Object.entries(delta.o)) put(next, key, applyDelta(Object.hasOwn(value, key) ? value[key] : null, change));
	return next;
}

/** A view at a version, as a client holds it. */
export interface Versioned<T> {
	version: number;
	data: T;
}

/** What a versioned patch carries: the version it applies to, the one it makes, and the delta between. */
export interface VersionStep {
	from: number;
	to: number;
	delta: Delta | null;
}

/**
 * What a client does with a patch: apply it when it holds exactly the version the patch starts
 * from; ignore it when it already holds that version or a newer one; otherwise it missed a change
 * (or holds nothing yet) and must fetch the whole view.
 *
 * @example receiveStep({ version: 4, data }, { from: 4, to: 5, delta }) // { kind: 'applied', view: { version: 5, data: … } }
 */
export function receiveStep<T>(
	held: Versioned<T> | null,
	step: VersionStep
): { kind: 'applied'; view: Versioned<T> } | { kind: 'stale' } | { kind: 'gap' } {
	if (held && step.to <= held.version) return { kind: 'stale' };
	if (!held || held.version !== step.from) return { kind: 'gap' };
	return { kind: 'applied', view: { version: step.to, data: applyDelta(held.data as Json, step.delta) as T } };
}
