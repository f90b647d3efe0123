import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScoringError, jurorTotal, sheetWithTotal, validateScoreSheet } from '$lib/domain/scoring';
import type { Criterion } from '$lib/domain/scoring';
import { RUBRIC, flat } from './fixtures';

/** Three scales: 0–100 by 1, 1–5 by 0.5, 0–10 by 2. */
const MIXED: Criterion[] = [
	{ code: 'A', name: 'Hundred', description: '', weight: 50, min: 0, max: 100, step: 1 },
	{ code: 'B', name: 'Likert', description: '', weight: 30, min: 1, max: 5, step: 0.5 },
	{ code: 'C', name: 'Even', description: '', weight: 20, min: 0, max: 10, step: 2 }
];

function withoutCode(sheet: Record<string, number>, code: string): Record<string, number> {
	return Object.fromEntries(Object.entries(sheet).filter(([c]) => c !== code));
}

function issues(input: unknown, partial = false) {
	const r = validateScoreSheet(RUBRIC, input, { partial });
	return r.ok ? [] : r.issues.map((i) => [i.code, i.path]);
}

describe('validateScoreSheet', () => {
	it('accepts a complete sheet and returns only its scores', () => {
		expect(validateScoreSheet(RUBRIC, flat(70))).toEqual({ ok: true, value: flat(70) });
	});

	it('names each problem with the criterion and the allowed range', () => {
		const r = validateScoreSheet(RUBRIC, { ...flat(70), K3: 105 });
		expect(r).toEqual({
			ok: false,
			issues: [
				{
					code: 'out_of_range',
					path: 'K3',
					message: 'The score for K3 (Inovasi & digitalisasi (SPBE)) is 105; it must be between 0 and 100.',
					params: { score: 105, min: 0, max: 100 }
				}
			]
		});
	});

	it('reports missing, unknown, non-numeric and off-step scores', () => {
		const five = withoutCode(flat(70), 'K6');
		expect(issues(five)).toEqual([['missing_score', 'K6']]);
		expect(issues({ ...flat(70), K9: 50 })).toEqual([['unknown_criterion', 'K9']]);
		expect(issues({ ...flat(70), K1: Number.NaN, K2: Infinity, K3: '70', K4: null })).toEqual([
			['not_a_number', 'K1'],
			['not_a_number', 'K2'],
			['not_a_number', 'K3'],
			['not_a_number', 'K4']
		]);
		expect(issues({ ...flat(70), K1: 70.5 })).toEqual([['off_step', 'K1']]);
		expect(issues({ ...flat(70), K1: -1 })).toEqual([['out_of_range', 'K1']]);
		expect(issues([70, 70])).toEqual([['not_an_object', '']]);
	});

	it('partial: allows missing criteria, and nothing else', () => {
		expect(validateScoreSheet(RUBRIC, { K1: 80 }, { partial: true })).toEqual({ ok: true, value: { K1: 80 } });
		expect(validateScoreSheet(RUBRIC, {}, { partial: true }).ok).toBe(true);
		expect(issues({ K1: 80.5 }, true)).toEqual([['off_step', 'K1']]);
		expect(issues({ K9: 1 }, true)).toEqual([['unknown_criterion', 'K9']]);
		expect(issues({ K1: Number.NaN }, true)).toEqual([['not_a_number', 'K1']]);
	});

	it('checks decimal steps without being fooled by binary fractions', () => {
		const r = validateScoreSheet(MIXED, { A: 0, B: 3.5, C: 10 });
		expect(r.ok).toBe(true);
		expect(
			validateScoreSheet([{ code: 'T', name: 'Tenths', description: '', weight: 100, min: 0, max: 0.3, step: 0.1 }], { T: 0.1 * 3 }).ok
		).toBe(true);
		expect(validateScoreSheet(MIXED, { A: 0, B: 3.25, C: 3 }).ok).toBe(false);
	});

	it('reports an invalid rubric instead of checking against it', () => {
		const r = validateScoreSheet([{ ...MIXED[0], weight: 90 }], { A: 1 });
		expect(r.ok ? [] : r.issues.map((i) => i.code)).toEqual(['weights_sum']);
	});

	it('never throws, whatever the sheet (10,000 runs)', () => {
		const anything = fc.anything({
			withBoxedValues: true,
			withNullPrototype: true,
			withSparseArray: true,
			withBigInt: true,
			withMap: true,
			withDate: true
		});
		const score = fc.oneof(fc.double(), fc.integer({ min: -10, max: 110 }), anything);
		const code = fc.oneof(fc.constantFrom(...RUBRIC.map((c) => c.code)), fc.string());
		const sheet = fc.oneof(anything, fc.dictionary(code, score, { maxKeys: 8 }));
		fc.assert(
			fc.property(sheet, fc.boolean(), (input, partial) => {
				const r = validateScoreSheet(RUBRIC, input, { partial });
				expect(typeof r.ok).toBe('boolean');
			}),
			{ numRuns: 10_000 }
		);
	});
});

describe('jurorTotal', () => {
	it('is Σ weight × score on the preset (all scales 0–100)', () => {
		// 25×80 + 20×70 + 20×90 + 15×60 + 10×100 + 10×50 = 7600 → 76
		expect(jurorTotal(RUBRIC, { K1: 80, K2: 70, K3: 90, K4: 60, K5: 100, K6: 50 })).toBeCloseTo(76, 12);
		expect(jurorTotal(RUBRIC, flat(0))).toBe(0);
		expect(jurorTotal(RUBRIC, flat(100))).toBeCloseTo(100, 12);
	});

	it('normalises each criterion to its own scale', () => {
		// A 50/100 → 0.5 × 50 = 25; B (3.5 − 1)/4 = 0.625 × 30 = 18.75; C 4/10 = 0.4 × 20 = 8 → 51.75
		expect(jurorTotal(MIXED, { A: 50, B: 3.5, C: 4 })).toBeCloseTo(51.75, 12);
		expect(jurorTotal(MIXED, { A: 100, B: 5, C: 10 })).toBeCloseTo(100, 12);
		expect(jurorTotal(MIXED, { A: 0, B: 1, C: 0 })).toBe(0);
	});

	it('does not round', () => {
		const thirds: Criterion[] = [{ code: 'A', name: 'A', description: '', weight: 100, min: 0, max: 3, step: 1 }];
		expect(jurorTotal(thirds, { A: 1 })).toBe(100 / 3);
	});

	it('throws a typed error on an incomplete or invalid sheet, never NaN', () => {
		const incomplete = withoutCode(flat(70), 'K1');
		for (const sheet of [incomplete, { ...flat(70), K1: Number.NaN }, { ...flat(70), K7: 1 }]) {
			expect(() => jurorTotal(RUBRIC, sheet)).toThrow(ScoringError);
		}
		try {
			jurorTotal(RUBRIC, { ...flat(70), K2: 101 });
		} catch (e) {
			expect(e).toMatchObject({ code: 'invalid_sheet', message: expect.stringContaining('K2') });
			expect((e as ScoringError).details).toEqual([expect.objectContaining({ code: 'out_of_range', path: 'K2' })]);
		}
	});

	it('throws on an invalid rubric', () => {
		expect(() => jurorTotal([{ ...MIXED[0], weight: 50 }], { A: 1 })).toThrow(expect.objectContaining({ code: 'invalid_rubric' }));
	});
});

describe('sheetWithTotal', () => {
	it('is validateScoreSheet and jurorTotal in one reading, for any sheet', () => {
		// Each score on its scale half the time, anything (off-scale, off-step, NaN) otherwise.
		const any = fc.oneof(fc.integer({ min: -5, max: 105 }), fc.double(), fc.constant(Number.NaN));
		const sheet = fc.record({
			A: fc.oneof(fc.integer({ min: 0, max: 100 }), any),
			B: fc.oneof(
				fc.integer({ min: 2, max: 10 }).map((n) => n / 2),
				any
			),
			C: fc.oneof(
				fc.integer({ min: 0, max: 5 }).map((n) => n * 2),
				any
			)
		});
		fc.assert(
			fc.property(sheet, (input) => {
				const checked = sheetWithTotal(MIXED, input);
				const valid = validateScoreSheet(MIXED, input);
				expect(checked).toEqual(valid.ok ? { ok: true, value: { sheet: valid.value, total: jurorTotal(MIXED, valid.value) } } : valid);
			})
		);
	});
});
