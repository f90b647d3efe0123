import { SHA256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { byId, prepareInputs } from './prepare';
import type { PreparedInputs } from './prepare';
import type { ResultInputs } from './types';

/** Bumped whenever the encoding below changes, so old and new hashes never collide. */
const ENCODING = 'juri-scoring/1';

const STATUS_BYTE = { scored: 0, recused: 1, absent: 2 } as const;

/**
 * Writes `n` (a non-negative integer) as unsigned LEB128 at `pos`; returns the
 * next position. Division rather than bit shifts: step indices may exceed 32 bits.
 */
function writeVarint(bytes: Uint8Array, pos: number, n: number): number {
	while (n >= 128) {
		bytes[pos++] = (n % 128) | 128;
		n = Math.floor(n / 128);
	}
	bytes[pos++] = n;
	return pos;
}

/** At most 8 bytes per varint: every integer here is below 2^53. */
const MAX_VARINT_BYTES = 8;

/**
 * sha256 of a compact canonical encoding of prepared inputs. Only what can
 * change a number is encoded: names, descriptions and level texts are left
 * out, so fixing a typo does not make a new version. The small parts (rules,
 * rubric scales, bodies, id tables) are JSON; the bulk (every juror's scores)
 * is varint step indices (parsable after the self-delimiting JSON, so the
 * encoding stays unambiguous), about 4× smaller than JSON, because pure-JS sha256
 * costs about 1 ms per 100 kB and would otherwise dominate a recomputation.
 */
export function hashPrepared(prepared: PreparedInputs): string {
	const jurorSet = new Set<string>();
	const panelSet = new Set<string>();
	for (const slot of prepared.slots) {
		if (slot.panelId !== null) panelSet.add(slot.panelId);
		for (const juror of slot.jurors) jurorSet.add(juror.jurorId);
	}
	const jurorIds = [...jurorSet].sort(byId);
	const panelIds = [...panelSet].sort(byId);
	const header = JSON.stringify([
		ENCODING,
		prepared.rules,
		prepared.rubric.criteria.map((c) => [c.code, c.weight, c.min, c.max, c.step]),
		// Corrected scores are appended only where there are any, so inputs without them hash as before.
		prepared.bodies.map((b) =>
			b.presentationOverride === undefined && b.finalOverride === undefined
				? [b.bodyId, b.categoryId, b.priorScore]
				: [b.bodyId, b.categoryId, b.priorScore, { presentation: b.presentationOverride ?? null, final: b.finalOverride ?? null }]
		),
		jurorIds,
		panelIds
	]);
	const headerBytes = new TextEncoder().encode(header);
	const jurorIndex = new Map(jurorIds.map((id, i) => [id, i]));
	const panelIndex = new Map(panelIds.map((id, i) => [id, i + 1]));
	const bodyIndex = new Map(prepared.bodies.map((b, i) => [b.bodyId, i]));
	let count = 0;
	for (const slot of prepared.slots) count += 3 + slot.jurors.length * (2 + prepared.rubric.criteria.length);
	const bytes = new Uint8Array(count * MAX_VARINT_BYTES);
	let pos = 0;
	for (const slot of prepared.slots) {
		pos = writeVarint(bytes, pos, bodyIndex.get(slot.bodyId) as number);
		pos = writeVarint(bytes, pos, slot.panelId === null ? 0 : (panelIndex.get(slot.panelId) as number));
		pos = writeVarint(bytes, pos, slot.jurors.length);
		for (const juror of slot.jurors) {
			pos = writeVarint(bytes, pos, jurorIndex.get(juror.jurorId) as number);
			pos = writeVarint(bytes, pos, STATUS_BYTE[juror.status]);
			if (juror.steps) for (const step of juror.steps) pos = writeVarint(bytes, pos, step);
		}
	}
	const sha = new SHA256();
	sha.update(headerBytes);
	sha.update(bytes.subarray(0, pos));
	return encodeHexLowerCase(sha.digest());
}

/**
 * The hash a result set computed from these inputs would carry, without
 * computing results: to check that stored inputs still match a published version.
 * @throws ScoringError on invalid inputs, as computeResults does.
 *
 * @example
 * if (hashInputs(inputs) !== published.hash) throw new Error('inputs changed since publication');
 */
export function hashInputs(inputs: ResultInputs): string {
	return hashPrepared(prepareInputs(inputs));
}
