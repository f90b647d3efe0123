import fc from 'fast-check';
import type { JurorEntry, ResultInputs, ScoreSheet, ScoringRules, TieBreakKey } from '$lib/domain/scoring';
import { RUBRIC, RULES } from './fixtures';

export const JUROR_POOL = ['j1', 'j2', 'j3', 'j4', 'j5', 'j6', 'j7'];

export const arbSheet: fc.Arbitrary<ScoreSheet> = fc.record(
	Object.fromEntries(RUBRIC.map((c) => [c.code, fc.integer({ min: 0, max: 100 })]))
);

const arbJuror = (jurorId: string): fc.Arbitrary<JurorEntry> =>
	fc.oneof(
		{ weight: 5, arbitrary: arbSheet.map((sheet) => ({ jurorId, status: 'scored' as const, sheet })) },
		{ weight: 1, arbitrary: fc.constantFrom<JurorEntry>({ jurorId, status: 'recused' }, { jurorId, status: 'absent' }) }
	);

const arbPanel = fc.subarray(JUROR_POOL, { minLength: 1 }).chain((ids) => fc.tuple(...ids.map(arbJuror)));

/** Prior scores that often collide, so ties and cut-line ties are common. */
const arbPrior = fc.oneof(
	fc.integer({ min: 0, max: 10_000 }).map((x) => x / 100),
	fc.constantFrom(60, 90, 92.31, 98.31)
);

const TIE_KEYS: TieBreakKey[] = [{ kind: 'presentation' }, { kind: 'prior' }, { kind: 'criterion', code: 'K2' }];

export const arbRules: fc.Arbitrary<ScoringRules> = fc
	.record({
		method: fc.constantFrom('mean' as const, 'median' as const, 'trimmed_mean' as const),
		quorum: fc.integer({ min: 1, max: 3 }),
		normalise: fc.boolean(),
		tieBreak: fc.subarray(TIE_KEYS),
		nonPresenter: fc.constantFrom('prior_only' as const, 'zero_presentation' as const),
		presentation: fc.constantFrom(0, 20, 30, 50, 100)
	})
	.map((r) => ({
		...RULES,
		stageWeights: { prior: 100 - r.presentation, presentation: r.presentation },
		nonPresenter: r.nonPresenter,
		aggregation: { ...RULES.aggregation, method: r.method, quorum: r.quorum, normalise: r.normalise },
		tieBreak: r.tieBreak
	}));

/** Valid result inputs: up to 20 bodies in 3 categories, most presenting to panels drawn from 7 jurors. */
export const arbInputs = (rules: fc.Arbitrary<ScoringRules> = arbRules): fc.Arbitrary<ResultInputs> =>
	fc
		.tuple(
			fc.array(
				fc.record({
					categoryId: fc.constantFrom('kementerian', 'provinsi', 'ptn'),
					priorScore: arbPrior,
					presents: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
					jurors: arbPanel,
					panelId: fc.constantFrom('R1', 'R2')
				}),
				{ minLength: 1, maxLength: 20 }
			),
			rules
		)
		.map(([bodies, rules]) => ({
			rubric: RUBRIC,
			rules,
			bodies: bodies.map((b, i) => ({ bodyId: `b${String(i).padStart(2, '0')}`, categoryId: b.categoryId, priorScore: b.priorScore })),
			slots: bodies.flatMap((b, i) =>
				b.presents ? [{ bodyId: `b${String(i).padStart(2, '0')}`, panelId: b.panelId, jurors: b.jurors }] : []
			)
		}));

/** A deterministic Fisher–Yates shuffle driven by a seed. */
export function shuffle<T>(items: readonly T[], seed: number): T[] {
	let a = seed | 0;
	const next = () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const out = [...items];
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(next() * (i + 1));
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}
