/**
 * The minutes (berita acara) of one panel's day: where and with whom the room sat, each slot with
 * the times its commands were given, how many jurors scored it, the presentation score it was
 * certified with and when (on the event's clocks, the zone named), the no-shows and the recusals;
 * signature lines for the chair and every seated juror. From the slots and sheets as stored: the room's own record, before any amendment.
 */
import { zoneLabel } from '$lib/domain/setup/event-zone';
import { roundHalfUp2, scoreSlot } from '$lib/domain/scoring';
import { m } from '$lib/paraglide/messages';
import { scoreText } from '$lib/shared/results-text';
import { documentStamp, type DocumentStamp } from '../audit-stamp';
import type { SessionUser } from '../auth/session';
import { nowOf, type ServiceContext } from '../services/context';
import { fileSlug, type DocumentFile } from './files';
import { fields, heading, paragraph, signatures, table, titleBlock, type PdfDocument } from './pdf';
import { loadPanelDay, type DaySlot, type PanelDay } from './panel-day';
import { pdfFiles } from './render';
import { DOCUMENT_LOCALE as id, NONE, clockText, longDate, pdfFooter, timeText } from './words';

const o = { locale: id };

/** The presentation score the slot was certified with (2 decimals), or null: not certified, or below quorum. */
function certifiedScore(day: PanelDay, { slot, entries }: DaySlot): number | null {
	if (slot.state !== 'certified') return null;
	const outcome = scoreSlot(day.rubric, day.rules, { bodyId: slot.body_id, jurors: entries, panelId: slot.panel_id });
	return outcome.score === null ? null : roundHalfUp2(outcome.score);
}

function remark(day: PanelDay, s: DaySlot): string {
	const { state } = s.slot;
	if (state === 'no_show') return m.documents_minutes_no_show({}, o);
	if (state === 'scheduled') return m.documents_minutes_not_held({}, o);
	if (state !== 'certified') return m.documents_minutes_not_certified({}, o);
	const recused = s.entries.filter((e) => e.status === 'recused').length;
	const parts = [
		...(certifiedScore(day, s) === null ? [m.documents_minutes_below_quorum({ quorum: day.rules.aggregation.quorum }, o)] : []),
		...(recused > 0 ? [m.documents_minutes_recused_count({ count: recused }, o)] : [])
	];
	return parts.join('; ');
}

const names = (people: { name: string }[]) => (people.length === 0 ? NONE : people.map((p, i) => `${i + 1}. ${p.name}`).join('; '));

/** The minutes as a PDF document (A4 landscape: the slots' table has eleven columns). */
export function minutesPdfDocument(day: PanelDay, stamp: DocumentStamp): PdfDocument {
	const submitted = day.jurors.filter((j) => day.slots.some((s) => s.sheets.has(j.id)));
	const noShows = day.slots.filter((s) => s.slot.state === 'no_show');
	const date = longDate(day.day, { weekday: true });
	const time = (at: number | null) => (at === null ? NONE : clockText(at, day.timeZone));
	return {
		title: m.documents_minutes_title({ panel: day.panel.name, date }, o),
		createdAt: stamp.generatedAt,
		footer: pdfFooter(stamp),
		orientation: 'landscape',
		content: [
			titleBlock([
				m.documents_minutes_heading({}, o),
				m.documents_minutes_subject({ evaluation: day.evaluationName.toLocaleUpperCase('id') }, o)
			]),
			paragraph(m.documents_minutes_opening({ date, room: day.panel.room, panel: day.panel.name, evaluation: day.evaluationName }, o), {
				alignment: 'justify'
			}),
			fields([
				[m.documents_field_date({}, o), date],
				[m.documents_field_room({}, o), day.panel.room],
				[m.documents_field_panel({}, o), day.panel.name],
				[m.documents_field_chair({}, o), day.chair?.name ?? NONE],
				[m.documents_field_jurors({}, o), names(day.jurors)],
				[m.documents_field_submitted({}, o), names(submitted)]
			]),
			heading(m.documents_minutes_slots({}, o)),
			paragraph(m.documents_minutes_times_in({ zone: zoneLabel(day.timeZone), name: day.timeZone }, o)),
			table(
				[
					{ header: m.documents_col_no({}, o), width: 18, align: 'right' },
					{ header: m.documents_col_body({}, o), width: '*' },
					{ header: m.documents_col_planned({}, o), width: 38, align: 'center' },
					{ header: m.documents_col_presentation_started({}, o), width: 50, align: 'center' },
					{ header: m.documents_col_qa_started({}, o), width: 42, align: 'center' },
					{ header: m.documents_col_scoring_opened({}, o), width: 48, align: 'center' },
					{ header: m.documents_col_scoring_closed({}, o), width: 48, align: 'center' },
					{ header: m.documents_col_jurors_scored({}, o), width: 40, align: 'center' },
					{ header: m.documents_col_presentation({}, o), width: 54, align: 'right' },
					{ header: m.documents_col_certified({}, o), width: 44, align: 'center' },
					{ header: m.documents_col_remark({}, o), width: 110 }
				],
				day.slots.map((s, i) => {
					const scored = s.entries.filter((e) => e.status === 'scored').length;
					const score = certifiedScore(day, s);
					return [
						String(i + 1),
						s.bodyName,
						time(s.slot.planned_start),
						time(s.slot.presentation_started_at),
						time(s.slot.qa_started_at),
						time(s.slot.scoring_opened_at),
						time(s.slot.scoring_closed_at),
						s.slot.state === 'scheduled' || s.slot.state === 'no_show' ? NONE : `${scored}/${s.entries.length}`,
						score === null ? NONE : scoreText(score, id),
						time(s.slot.certified_at),
						remark(day, s)
					];
				})
			),
			heading(m.documents_minutes_recusals({}, o)),
			day.recusals.length === 0
				? paragraph(m.documents_none({}, o))
				: table(
						[
							{ header: m.documents_col_juror({}, o), width: 160 },
							{ header: m.documents_col_body({}, o), width: 220 },
							{ header: m.documents_col_reason({}, o), width: '*' }
						],
						day.recusals.map((r) => [r.juror, r.body, r.reason])
					),
			heading(m.documents_minutes_no_shows({}, o)),
			paragraph(
				noShows.length === 0
					? m.documents_none({}, o)
					: noShows.map((s) => `${s.bodyName} (${timeText(s.slot.planned_start, day.timeZone)})`).join('; ')
			),
			paragraph(m.documents_minutes_closing({}, o), { alignment: 'justify' }),
			signatures([
				{ role: m.documents_sign_chair({}, o), name: day.chair?.name ?? null },
				...day.jurors.map((j, i) => ({ role: m.documents_sign_juror({ seat: i + 1 }, o), name: j.name }))
			])
		]
	};
}

/** "berita-acara-panel-a-2026-11-28.pdf" */
export const minutesFileName = (day: PanelDay) => `${m.documents_minutes_file({}, o)}-${fileSlug(day.panel.name, 'panel')}-${day.day}.pdf`;

/**
 * The minutes of the panel and day named by the URL (`{ evaluationId, panelId, day }`), as a PDF.
 *
 * @example const file = await minutesFile(ctx, admin, { evaluationId, panelId, day: '2026-11-28' });
 */
export async function minutesFile(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<DocumentFile> {
	const day = await loadPanelDay(ctx, actor, raw);
	const stamp = await documentStamp(ctx.db, day.evaluationId, nowOf(ctx));
	return (await pdfFiles([{ name: minutesFileName(day), document: minutesPdfDocument(day, stamp) }]))[0];
}
