/**
 * What a juror's tablet tells the server about itself. Nothing here is stored: the tablet is the
 * authority on what it holds, and the realtime layer keeps the answer on the tablet's socket
 * (presence), so it ends with the connection and is told again on the next one.
 */
import { unsentSheetsInput } from '$lib/shared/contracts';
import type { SessionUser } from '../auth/session';
import type { ServiceContext } from './context';
import { forbidden } from './errors';
import { parseInput } from './validation';

export interface UnsentSheetsReport {
	/** The reported slots that belong to the juror's panels (anything else is ignored). */
	slotIds: string[];
	/** The juror's panels, whose consoles show the report. */
	panelIds: string[];
}

/**
 * A juror's tablet reports the sheets it holds that the server refused (scoring closed while it
 * was offline, say), so the chair's console can show "unsent sheet" and the chair can reopen
 * scoring. Reads only; changes nothing, so there is no transaction and no audit row.
 *
 * @example const { slotIds, panelIds } = await reportUnsentSheets(ctx, juror, { slotIds: [slotId] });
 */
export async function reportUnsentSheets(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<UnsentSheetsReport> {
	if (actor.role !== 'juror') throw forbidden('Only jurors report unsent sheets', 'jurors_only');
	const input = parseInput(unsentSheetsInput, raw);
	const seats = await ctx.db.selectFrom('panel_jurors').select('panel_id').where('juror_id', '=', actor.id).execute();
	const panelIds = seats.map((s) => s.panel_id);
	if (panelIds.length === 0 || input.slotIds.length === 0) return { slotIds: [], panelIds };
	const slots = await ctx.db
		.selectFrom('slots')
		.select('id')
		.where('panel_id', 'in', panelIds)
		.where('id', 'in', [...new Set(input.slotIds)])
		.execute();
	return { slotIds: slots.map((s) => s.id), panelIds };
}
