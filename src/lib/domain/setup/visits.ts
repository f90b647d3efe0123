/**
 * Visit planning, pure: which shortlisted body the jury visits on which day and with which team.
 * Days are event-local dates (YYYY-MM-DD, see schedule.ts); the services load the rows and store
 * the plan. Nothing here touches I/O or the clock.
 */

/** A shortlisted body waiting for a visit, with the rank that orders the plan. */
export interface VisitCandidate {
	bodyId: string;
	/** National rank in the official results: the best-ranked bodies are visited first. */
	rank: number;
}

/** A visit already fixed (its outcome is recorded): it keeps its day and uses that day's capacity. */
export interface FixedVisit {
	bodyId: string;
	date: string;
}

export interface VisitPlanInput {
	/** The visit days in order (eventDays of the plan's range). */
	days: readonly string[];
	/** Visits the jury can make in one day, across all teams. */
	dailyCapacity: number;
	/** Team ids, in the order they take turns. */
	teamIds: readonly string[];
	candidates: readonly VisitCandidate[];
	fixed?: readonly FixedVisit[];
}

export interface PlannedVisit {
	bodyId: string;
	teamId: string;
	date: string;
}

/** Why a body got no visit: there is no team to send, or every day is full. */
export type UnplannedReason = 'no_team' | 'no_capacity';

export interface VisitPlan {
	visits: PlannedVisit[];
	unplanned: { bodyId: string; reason: UnplannedReason }[];
}

const byRank = (a: VisitCandidate, b: VisitCandidate) => a.rank - b.rank || (a.bodyId < b.bodyId ? -1 : a.bodyId > b.bodyId ? 1 : 0);

/**
 * Plans visits by rank order into the earliest day with room, teams taking turns (round-robin in
 * plan order), never more than the daily capacity on a day (fixed visits count), each body at most
 * once (a body with a fixed visit, or listed twice, is planned once at most). Deterministic: the
 * same input always gives the same plan, whatever the order of the candidates.
 *
 * @example
 * planVisits({ days: ['2023-12-04', '2023-12-05'], dailyCapacity: 1, teamIds: ['t1', 't2'],
 *   candidates: [{ bodyId: 'aceh', rank: 1 }, { bodyId: 'jateng', rank: 2 }, { bodyId: 'jatim', rank: 3 }] });
 * // → visits: aceh 4 Dec t1, jateng 5 Dec t2; unplanned: jatim (no_capacity)
 */
export function planVisits(input: VisitPlanInput): VisitPlan {
	const capacity = Math.max(0, Math.floor(input.dailyCapacity));
	const used = new Map(input.days.map((d) => [d, 0]));
	for (const f of input.fixed ?? []) if (used.has(f.date)) used.set(f.date, used.get(f.date)! + 1);
	const seen = new Set((input.fixed ?? []).map((f) => f.bodyId));
	const visits: PlannedVisit[] = [];
	const unplanned: VisitPlan['unplanned'] = [];
	let dayIndex = 0;
	for (const candidate of [...input.candidates].sort(byRank)) {
		if (seen.has(candidate.bodyId)) continue;
		seen.add(candidate.bodyId);
		if (input.teamIds.length === 0) {
			unplanned.push({ bodyId: candidate.bodyId, reason: 'no_team' });
			continue;
		}
		// Days fill in order, so the first day with room never moves backwards.
		while (dayIndex < input.days.length && used.get(input.days[dayIndex])! >= capacity) dayIndex++;
		if (dayIndex === input.days.length) {
			unplanned.push({ bodyId: candidate.bodyId, reason: 'no_capacity' });
			continue;
		}
		const date = input.days[dayIndex];
		used.set(date, used.get(date)! + 1);
		visits.push({ bodyId: candidate.bodyId, teamId: input.teamIds[visits.length % input.teamIds.length], date });
	}
	return { visits, unplanned };
}

/** Why a visit may not move to a day. */
export type VisitMoveProblem = 'outside_range' | 'day_full';

/**
 * Whether a visit may move to `date`: the day must be in the plan's range and have room, counting
 * every other visit that day (the moving visit itself frees its old place).
 *
 * @example visitMoveProblem({ days, dailyCapacity: 2, others: [{ date: '2023-12-04' }, { date: '2023-12-04' }] }, '2023-12-04') // → 'day_full'
 */
export function visitMoveProblem(
	plan: { days: readonly string[]; dailyCapacity: number; others: readonly { date: string }[] },
	date: string
): VisitMoveProblem | null {
	if (!plan.days.includes(date)) return 'outside_range';
	if (plan.others.filter((v) => v.date === date).length >= plan.dailyCapacity) return 'day_full';
	return null;
}
