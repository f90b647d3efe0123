/**
 * The hash of a result set is computed when it is first read (publication, amendments, the
 * dashboard, documents), not on every recomputation. What it hashes and how it is written did not
 * change: result sets stored before, byte for byte, are what the code writes now, and their hashes
 * still match the inputs they were computed from.
 */
import { describe, expect, it } from 'vitest';
import { amend, computeResults, hashInputs, type ResultInputs, type ResultSet } from '$lib/domain/scoring';
import stored from '../../../fixtures/stored-result-sets.json';
import { RULES, body, inputs, slot } from './fixtures';

const preset = inputs(
	[
		body('aceh', 95),
		body('jabar', 88.5),
		body('bali', 92.31),
		body('ntt', 85),
		body('kemkeu', 89.995, 'kementerian'),
		body('kemdag', 89.9949, 'kementerian'),
		body('sulsel', 90.5)
	],
	[slot('aceh', [90, 80, 70]), slot('jabar', [100, 'recused', 95]), slot('ntt', [75, 'absent']), slot('sulsel', [80, 80, 80])]
);
const tieBreak: ResultInputs = { ...preset, rules: { ...RULES, tieBreak: [{ kind: 'presentation' }, { kind: 'prior' }] } };
const cases = [
	['preset', preset, 1],
	['tieBreak', tieBreak, 3]
] as const;

describe('result sets stored before hashing became lazy', () => {
	it.each(cases)('%s: the same inputs are written byte for byte as they were stored', (name, inputs, version) => {
		// As publishResults writes a version.
		expect(JSON.stringify({ ...computeResults(inputs), version })).toBe(stored[name]);
	});

	it.each(cases)('%s: the stored hash is the inputs’ hash, read directly or through the result set', (name, inputs) => {
		const { hash } = JSON.parse(stored[name]) as ResultSet;
		expect(computeResults(inputs).hash).toBe(hash);
		expect(hashInputs(inputs)).toBe(hash);
	});

	it('an amendment accepts a stored version as its baseline (the stale-input check) and makes a new hash', () => {
		const previous = JSON.parse(stored.preset) as ResultSet;
		const { resultSet } = amend(previous, preset, { kind: 'prior_score', bodyId: 'bali', priorScore: 99, reason: 'SK 2' });
		expect(resultSet.hash).toBe(
			hashInputs({ ...preset, bodies: preset.bodies.map((b) => (b.bodyId === 'bali' ? { ...b, priorScore: 99 } : b)) })
		);
		expect(resultSet.hash).not.toBe(previous.hash);
	});
});

describe('the hash read later', () => {
	it('is the hash of the inputs as they were when the results were computed, whatever the caller changes afterwards', () => {
		const mutable = structuredClone(preset) as ResultInputs & { bodies: { priorScore: number }[] };
		const results = computeResults(mutable);
		const expected = hashInputs(preset);
		mutable.bodies[0].priorScore = 10;
		(mutable.slots[0].jurors[0] as { sheet: Record<string, number> }).sheet.K1 = 0;
		expect(results.hash).toBe(expected);
		expect(results.hash).toBe(expected);
	});

	it('is part of the frozen snapshot: it cannot be overwritten, and copies and JSON carry it in its place', () => {
		const results = computeResults(preset);
		expect(Object.isFrozen(results)).toBe(true);
		expect(() => Object.assign(results, { hash: 'x' })).toThrow(TypeError);
		expect(Object.keys(results)).toEqual(['version', 'hash', 'rules', 'entries']);
		expect({ ...results }.hash).toBe(hashInputs(preset));
	});
});
