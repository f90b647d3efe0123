/** The visit planner: rank order, daily capacity, round-robin teams, what does not fit, and moves. */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { planVisits, visitMoveProblem } from '$lib/domain/setup/visits';

const days = ['2023-12-04', '2023-12-05', '2023-12-06'];

describe('planVisits', () => {
	test('best-ranked first into the earliest day with room, teams taking turns', () => {
		const plan = planVisits({
			days,
			dailyCapacity: 2,
			teamIds: ['t1', 't2'],
			candidates: [
				{ bodyId: 'jatim', rank: 3 },
				{ bodyId: 'aceh', rank: 1 },
				{ bodyId: 'jateng', rank: 2 },
				{ bodyId: 'kepri', rank: 4 },
				{ bodyId: 'jabar', rank: 5 }
			]
		});
		expect(plan.visits).toEqual([
			{ bodyId: 'aceh', teamId: 't1', date: '2023-12-04' },
			{ bodyId: 'jateng', teamId: 't2', date: '2023-12-04' },
			{ bodyId: 'jatim', teamId: 't1', date: '2023-12-05' },
			{ bodyId: 'kepri', teamId: 't2', date: '2023-12-05' },
			{ bodyId: 'jabar', teamId: 't1', date: '2023-12-06' }
		]);
		expect(plan.unplanned).toEqual([]);
	});

	test('reports the bodies that do not fit, and ties in rank go by id', () => {
		const plan = planVisits({
			days: days.slice(0, 1),
			dailyCapacity: 1,
			teamIds: ['t1'],
			candidates: [
				{ bodyId: 'b', rank: 2 },
				{ bodyId: 'a', rank: 2 }
			]
		});
		expect(plan.visits).toEqual([{ bodyId: 'a', teamId: 't1', date: '2023-12-04' }]);
		expect(plan.unplanned).toEqual([{ bodyId: 'b', reason: 'no_capacity' }]);
	});

	test('fixed visits use their day and keep their body out of the plan', () => {
		const plan = planVisits({
			days: days.slice(0, 2),
			dailyCapacity: 1,
			teamIds: ['t1'],
			candidates: [
				{ bodyId: 'aceh', rank: 1 },
				{ bodyId: 'jateng', rank: 2 }
			],
			fixed: [{ bodyId: 'aceh', date: '2023-12-04' }]
		});
		expect(plan.visits).toEqual([{ bodyId: 'jateng', teamId: 't1', date: '2023-12-05' }]);
	});

	test('without a team nothing is planned', () => {
		expect(planVisits({ days, dailyCapacity: 3, teamIds: [], candidates: [{ bodyId: 'a', rank: 1 }] }).unplanned).toEqual([
			{ bodyId: 'a', reason: 'no_team' }
		]);
	});

	const input = fc.record({
		days: fc
			.uniqueArray(fc.integer({ min: 1, max: 28 }), { maxLength: 8 })
			.map((ds) => ds.sort((a, b) => a - b).map((d) => `2023-12-${String(d).padStart(2, '0')}`)),
		dailyCapacity: fc.integer({ min: 0, max: 5 }),
		teamIds: fc.uniqueArray(fc.constantFrom('t1', 't2', 't3'), { maxLength: 3 }),
		candidates: fc.array(
			fc.record({ bodyId: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'), rank: fc.integer({ min: 1, max: 10 }) }),
			{
				maxLength: 20
			}
		),
		fixed: fc.array(
			fc.record({ bodyId: fc.constantFrom('a', 'x', 'y'), date: fc.constantFrom('2023-12-01', '2023-12-02', '2023-11-30') }),
			{
				maxLength: 3
			}
		)
	});

	test('never exceeds the capacity, never leaves the range, each body at most once, deterministic', () => {
		fc.assert(
			fc.property(input, (plan) => {
				const result = planVisits(plan);
				for (const v of result.visits) {
					expect(plan.days).toContain(v.date);
					expect(plan.teamIds).toContain(v.teamId);
				}
				// Fixed visits may already fill a day beyond the capacity; the planner never adds to such a day.
				for (const day of plan.days) {
					const fixedThatDay = plan.fixed.filter((f) => f.date === day).length;
					const plannedThatDay = result.visits.filter((v) => v.date === day).length;
					expect(plannedThatDay + fixedThatDay).toBeLessThanOrEqual(Math.max(plan.dailyCapacity, fixedThatDay));
				}
				const bodies = [...result.visits.map((v) => v.bodyId), ...result.unplanned.map((u) => u.bodyId)];
				expect(new Set(bodies).size).toBe(bodies.length);
				const fixedBodies = new Set<string>(plan.fixed.map((f) => f.bodyId));
				expect(bodies.some((b) => fixedBodies.has(b))).toBe(false);
				// Every candidate (not fixed) is either planned or reported.
				expect(new Set(bodies)).toEqual(new Set(plan.candidates.map((c) => c.bodyId).filter((b) => !fixedBodies.has(b))));
				// Same input in another order: the same plan.
				expect(planVisits({ ...plan, candidates: [...plan.candidates].reverse() })).toEqual(result);
			})
		);
	});
});

describe('visitMoveProblem', () => {
	const others = [{ date: '2023-12-04' }, { date: '2023-12-04' }, { date: '2023-12-05' }];
	test('outside the range', () => expect(visitMoveProblem({ days, dailyCapacity: 2, others }, '2023-12-07')).toBe('outside_range'));
	test('a full day', () => expect(visitMoveProblem({ days, dailyCapacity: 2, others }, '2023-12-04')).toBe('day_full'));
	test('a day with room', () => expect(visitMoveProblem({ days, dailyCapacity: 2, others }, '2023-12-05')).toBeNull());
});
