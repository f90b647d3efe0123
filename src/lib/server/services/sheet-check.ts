/**
 * What every score sheet goes through before it is stored, a real slot's or a practice slot's:
 * the juror's seat on the panel, and the sheet against the rubric (its total by the scoring core).
 */
import { sheetWithTotal } from '$lib/domain/scoring';
import type { DB } from '../db';
import { ServiceError, forbidden } from './errors';
import { loadRubric } from './evaluation-rules';

/** Refuses a juror who does not sit on the panel. */
export async function requireSeat(db: DB, panelId: string, jurorId: string): Promise<void> {
	const seat = await db
		.selectFrom('panel_jurors')
		.select('seat')
		.where('panel_id', '=', panelId)
		.where('juror_id', '=', jurorId)
		.executeTakeFirst();
	if (!seat) throw notOnPanel();
}

/** The refusal of `requireSeat`, for a service that reads the seat along with other things. */
export const notOnPanel = () => forbidden('You are not a juror of this panel', 'not_on_panel');

/**
 * The sheet checked against the evaluation's rubric, and its total; refused with each issue otherwise.
 *
 * @example const { sheet, total, rubric } = await checkedSheet(ctx.db, evaluationId, input.scores);
 */
export async function checkedSheet(db: DB, evaluationId: string, scores: Record<string, number>) {
	const rubric = await loadRubric(db, evaluationId);
	const checked = sheetWithTotal(rubric, scores);
	if (!checked.ok) {
		throw new ServiceError(
			'invalid_input',
			checked.issues.map((i) => i.message).join('; '),
			checked.issues.map((i) => ({ path: i.path, message: i.message })),
			'sheet_invalid'
		);
	}
	return { rubric, ...checked.value };
}
