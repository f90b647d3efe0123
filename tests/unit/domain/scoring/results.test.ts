import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScoringError, computeResults, hashInputs } from '$lib/domain/scoring';
import type { ResultEntry, ResultInputs, ResultSet } from '$lib/domain/scoring';
import { arbInputs, arbRules, arbSheet, shuffle } from './arbitraries';
import { PRESENTATION_ONLY, RUBRIC, RULES, body, flat, inputs, slot } from './fixtures';

function entry(results: ResultSet, bodyId: string): ResultEntry {
	const found = results.entries.find((e) => e.bodyId === bodyId);
	if (!found) throw new Error(`no entry for ${bodyId}`);
	return found;
}

describe('computeResults: a hand-computed evaluation (preset rules)', () => {
	const results = computeResults(
		inputs(
			[
				body('aceh', 95), // presentation mean(90, 80, 70) = 80 → 66.5 + 24 = 90.50
				body('jabar', 88.5), // presentation mean(100, 95) = 97.5 → 61.95 + 29.25 = 91.20
				body('bali', 92.31), // did not present → prior-only: 92.31
				body('ntt', 85), // below quorum (1 valid) → provisional, 85.00
				body('kemkeu', 89.995, 'kementerian'), // did not present: 89.995 → 90.00, Informatif
				body('kemdag', 89.9949, 'kementerian') // 89.99, Menuju Informatif
			],
			[slot('aceh', [90, 80, 70]), slot('jabar', [100, 'recused', 95]), slot('ntt', [75, 'absent'])]
		)
	);

	it('computes final scores once, rounded half up to 2 decimals', () => {
		expect(results.entries.map((e) => [e.bodyId, e.finalScore, e.band])).toEqual([
			['kemkeu', 90, 'Informatif'],
			['kemdag', 89.99, 'Menuju Informatif'],
			['bali', 92.31, 'Informatif'],
			['jabar', 91.2, 'Informatif'],
			['aceh', 90.5, 'Informatif'],
			['ntt', 85, 'Menuju Informatif']
		]);
	});

	it('ranks within categories and nationally', () => {
		expect(results.entries.map((e) => [e.bodyId, e.rankInCategory, e.nationalRank])).toEqual([
			['kemkeu', 1, 4],
			['kemdag', 2, 5],
			['bali', 1, 1],
			['jabar', 2, 2],
			['aceh', 3, 3],
			['ntt', 4, 6]
		]);
	});

	it('keeps the panel outcome beside each entry, and marks below-quorum bodies provisional', () => {
		expect(entry(results, 'aceh').presentation).toMatchObject({ status: 'scored', score: 80, validCount: 3, spread: 20, divergent: true });
		expect(entry(results, 'bali')).toMatchObject({ presentation: null, provisional: false });
		expect(entry(results, 'ntt')).toMatchObject({ presentation: { status: 'below_quorum', score: null }, provisional: true });
	});

	it('is a frozen snapshot with a sha256 hash', () => {
		expect(results.version).toBe(1);
		expect(results.hash).toMatch(/^[0-9a-f]{64}$/);
		expect(Object.isFrozen(results.entries[0])).toBe(true);
		expect(() => (results.entries as ResultEntry[]).push(results.entries[0])).toThrow(TypeError);
	});
});

describe('computeResults: rules', () => {
	it("'zero_presentation' counts a missing presentation as 0", () => {
		const results = computeResults(inputs([body('a', 90)], [], { nonPresenter: 'zero_presentation' }));
		expect(results.entries[0].finalScore).toBe(63);
	});

	it('uses the configured stage weights and aggregation', () => {
		const median = { ...RULES.aggregation, method: 'median' as const };
		const results = computeResults(
			inputs([body('a', 90)], [slot('a', [60, 70, 95])], { stageWeights: { prior: 80, presentation: 20 }, aggregation: median })
		);
		expect(results.entries[0].finalScore).toBe(86); // 72 + 14
	});

	it('two bodies shown as 98.31 share a rank even when their unrounded scores differ', () => {
		const results = computeResults(inputs([body('a', 98.305), body('b', 98.3149), body('c', 99)]));
		expect(results.entries.map((e) => [e.bodyId, e.finalScore, e.rankInCategory])).toEqual([
			['c', 99, 1],
			['a', 98.31, 2],
			['b', 98.31, 2]
		]);
	});
});

describe('computeResults: bad input is a typed error naming the problem', () => {
	const ok = inputs([body('a', 90)], [slot('a', [80, 70])]);
	it.each<[string, ResultInputs, string]>([
		['NaN prior', { ...ok, bodies: [body('a', Number.NaN)] }, 'invalid_prior_score'],
		['prior over 100', { ...ok, bodies: [body('a', 100.5)] }, 'invalid_prior_score'],
		[
			'unknown criterion',
			{ ...ok, slots: [{ bodyId: 'a', jurors: [{ jurorId: 'j', status: 'scored', sheet: { ...flat(70), K9: 1 } }] }] },
			'invalid_sheet'
		],
		[
			'Infinity score',
			{ ...ok, slots: [{ bodyId: 'a', jurors: [{ jurorId: 'j', status: 'scored', sheet: { ...flat(70), K1: Infinity } }] }] },
			'invalid_sheet'
		],
		['weights not 100', { ...ok, rubric: RUBRIC.map((c) => (c.code === 'K1' ? { ...c, weight: 20 } : c)) }, 'invalid_rubric'],
		['stage weights not 100', { ...ok, rules: { ...RULES, stageWeights: { prior: 70, presentation: 20 } } }, 'invalid_rules'],
		['empty panel', { ...ok, slots: [{ bodyId: 'a', jurors: [] }] }, 'empty_panel'],
		['slot of an unknown body', { ...ok, slots: [slot('zz', [80])] }, 'unknown_body'],
		['two slots for a body', { ...ok, slots: [slot('a', [80]), slot('a', [70])] }, 'duplicate_slot'],
		['duplicate body', { ...ok, bodies: [body('a', 90), body('a', 80)] }, 'duplicate_body']
	])('%s', (_, bad, code) => {
		expect(() => computeResults(bad)).toThrow(expect.objectContaining({ name: 'ScoringError', code }));
	});

	it('names the body and juror of an invalid sheet', () => {
		const bad = {
			...ok,
			slots: [{ bodyId: 'a', jurors: [{ jurorId: 'j7', status: 'scored' as const, sheet: { ...flat(70), K4: 150 } }] }]
		};
		expect(() => computeResults(bad)).toThrow(/juror j7 for a is not valid: The score for K4 \(Kebermanfaatan informasi\) is 150/);
	});

	it('rejects a bad version number', () => {
		expect(() => computeResults(ok, 0)).toThrow(expect.objectContaining({ code: 'invalid_version' }));
	});

	it('throws only ScoringError, whatever the input', () => {
		const anything = fc.anything({ withNullPrototype: true, withSparseArray: true, withBoxedValues: true });
		const near = fc.record({
			rubric: fc.oneof(fc.constant(RUBRIC), anything),
			rules: fc.oneof(fc.constant(RULES), anything),
			bodies: fc.oneof(
				anything,
				fc.array(
					fc.oneof(anything, fc.record({ bodyId: fc.string(), categoryId: fc.string(), priorScore: fc.oneof(fc.double(), anything) }))
				)
			),
			slots: fc.oneof(
				anything,
				fc.array(
					fc.oneof(
						anything,
						fc.record({
							bodyId: fc.string(),
							jurors: fc.oneof(anything, fc.array(fc.record({ jurorId: fc.string(), status: fc.string(), sheet: anything })))
						})
					)
				)
			)
		});
		fc.assert(
			fc.property(fc.oneof(anything, near), (input) => {
				try {
					computeResults(input as ResultInputs);
				} catch (e) {
					expect(e).toBeInstanceOf(ScoringError);
				}
			}),
			{ numRuns: 2_000 }
		);
	});
});

describe('computeResults: properties', () => {
	it('ranks agree with scores: a higher published score always ranks better; with no tie-break, rank = 1 + the number scoring higher', () => {
		fc.assert(
			fc.property(arbInputs(), (input) => {
				const { entries } = computeResults(input);
				for (const a of entries) {
					const peers = entries.filter((e) => e.categoryId === a.categoryId);
					const above = peers.filter((e) => e.finalScore > a.finalScore).length;
					const level = peers.filter((e) => e.finalScore === a.finalScore).length;
					const aboveNationally = entries.filter((e) => e.finalScore > a.finalScore).length;
					if (input.rules.tieBreak.length === 0) {
						expect(a.rankInCategory).toBe(1 + above);
						expect(a.nationalRank).toBe(1 + aboveNationally);
					} else {
						expect(a.rankInCategory).toBeGreaterThanOrEqual(1 + above);
						expect(a.rankInCategory).toBeLessThanOrEqual(above + level);
					}
					for (const b of peers) if (a.finalScore > b.finalScore) expect(a.rankInCategory).toBeLessThan(b.rankInCategory);
				}
			}),
			{ numRuns: 300 }
		);
	});

	it('permuting bodies, slots, jurors and criteria never changes a result (nor its hash)', () => {
		fc.assert(
			fc.property(arbInputs(), fc.integer(), (input, seed) => {
				const permuted: ResultInputs = {
					rubric: shuffle(input.rubric, seed),
					rules: input.rules,
					bodies: shuffle(input.bodies, seed + 1),
					slots: shuffle(
						input.slots.map((s, i) => ({ ...s, jurors: shuffle(s.jurors, seed + i) })),
						seed + 2
					)
				};
				expect(computeResults(permuted)).toEqual(computeResults(input));
			}),
			{ numRuns: 300 }
		);
	});

	it('a juror who gives every body the same total never reorders a mean ranking', () => {
		const panel = ['j1', 'j2', 'j3'];
		const arb = fc.record({
			bodies: fc.array(fc.record({ categoryId: fc.constantFrom('a', 'b'), sheets: fc.tuple(arbSheet, arbSheet, arbSheet) }), {
				minLength: 2,
				maxLength: 15
			}),
			constant: fc.integer({ min: 0, max: 100 })
		});
		fc.assert(
			fc.property(arb, ({ bodies, constant }) => {
				const base = inputs(
					bodies.map((b, i) => body(`b${i}`, 50, b.categoryId)),
					bodies.map((b, i) => ({
						bodyId: `b${i}`,
						jurors: panel.map((jurorId, j) => ({ jurorId, status: 'scored' as const, sheet: b.sheets[j] }))
					})),
					PRESENTATION_ONLY
				);
				const withConstant = {
					...base,
					slots: base.slots.map((s) => ({
						...s,
						jurors: [...s.jurors, { jurorId: 'steady', status: 'scored' as const, sheet: flat(constant) }]
					}))
				};
				const before = computeResults(base).entries;
				const after = new Map(computeResults(withConstant).entries.map((e) => [e.bodyId, e]));
				for (const a of before) {
					for (const b of before) {
						if (a.nationalRank < b.nationalRank) {
							expect((after.get(a.bodyId) as ResultEntry).nationalRank).toBeLessThanOrEqual(
								(after.get(b.bodyId) as ResultEntry).nationalRank
							);
						}
					}
				}
			}),
			{ numRuns: 300 }
		);
	});

	it('is deterministic: same inputs, same result and hash', () => {
		fc.assert(
			fc.property(arbInputs(), (input) => {
				expect(computeResults(structuredClone(input))).toEqual(computeResults(input));
				expect(hashInputs(input)).toBe(computeResults(input).hash);
			}),
			{ numRuns: 100 }
		);
	});
});

describe('hash', () => {
	const base = inputs([body('a', 90), body('b', 80)], [slot('a', [80, 70])]);
	const h = hashInputs(base);

	it('changes with any number that can change a result', () => {
		expect(hashInputs({ ...base, bodies: [body('a', 90.01), body('b', 80)] })).not.toBe(h);
		expect(hashInputs({ ...base, slots: [slot('a', [80, 71])] })).not.toBe(h);
		expect(hashInputs({ ...base, slots: [slot('a', [80, 'recused'])] })).not.toBe(h);
		expect(hashInputs({ ...base, slots: [slot('a', [80, 70], 'R1')] })).not.toBe(h);
		expect(hashInputs({ ...base, bodies: [body('a', 90, 'other'), body('b', 80)] })).not.toBe(h);
		expect(hashInputs({ ...base, rules: { ...RULES, divergenceTolerance: 10 } })).not.toBe(h);
		expect(hashInputs({ ...base, rubric: RUBRIC.map((c) => (c.code === 'K1' ? { ...c, max: 200, step: 2 } : c)) })).not.toBe(h);
	});

	it('ignores text that cannot change a number', () => {
		expect(hashInputs({ ...base, rubric: RUBRIC.map((c) => ({ ...c, name: c.name.toUpperCase(), description: '' })) })).toBe(h);
		expect(hashInputs({ ...base, bodies: [{ ...body('a', 90), name: 'Aceh' }, body('b', 80)] })).toBe(h);
	});

	it('does not depend on the key order the rules were written in', () => {
		fc.assert(
			fc.property(arbRules, (rules) => {
				const reordered = Object.fromEntries(Object.entries(rules).reverse()) as typeof rules;
				expect(hashInputs({ ...base, rules: reordered })).toBe(hashInputs({ ...base, rules }));
			})
		);
	});
});
