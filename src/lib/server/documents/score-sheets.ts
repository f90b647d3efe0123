/**
 * Each juror's score sheet for a slot, one page each, for the juror to sign: the body, the
 * criterion scores of the juror's latest sheet, the total, when it was submitted and which
 * revision it is. A seated juror who has not submitted gets the same page blank (to fill in by
 * hand if a tablet failed); a recused juror gets none. For one slot, or every held slot of a
 * panel's day.
 */
import { m } from '$lib/paraglide/messages';
import { scoreText } from '$lib/shared/results-text';
import { documentStamp, type DocumentStamp } from '../audit-stamp';
import type { SessionUser } from '../auth/session';
import { nowOf, type ServiceContext } from '../services/context';
import { fileSlug, type DocumentFile } from './files';
import {
	fields,
	heading,
	pageBreak,
	paragraph,
	signatures,
	table,
	titleBlock,
	type PdfCell,
	type PdfContent,
	type PdfDocument
} from './pdf';
import { loadPanelDay, loadSlotDay, type DaySlot, type PanelDay, type Person, type StoredSheet } from './panel-day';
import { pdfFiles } from './render';
import { DOCUMENT_LOCALE as id, NONE, dateTimeText, longDate, pdfFooter } from './words';

const o = { locale: id };
const number = (value: number) => new Intl.NumberFormat('id-ID', { maximumFractionDigits: 2 }).format(value);

function sheetPage(day: PanelDay, s: DaySlot, juror: Person, first: boolean): PdfContent[] {
	const sheet = s.sheets.get(juror.id);
	const bold = (text: string): PdfCell => ({ text, bold: true });
	const head = titleBlock([m.documents_sheet_heading({}, o), day.evaluationName.toLocaleUpperCase('id')]);
	return [
		...(first ? [] : [pageBreak()]),
		head,
		fields([
			[m.documents_field_body({}, o), s.bodyName],
			[m.documents_field_category({}, o), s.categoryName],
			[m.documents_field_panel({}, o), `${day.panel.name} · ${day.panel.room}`],
			[m.documents_field_date({}, o), longDate(day.day, { weekday: true })],
			[m.documents_field_juror({}, o), juror.name],
			[
				m.documents_field_submitted_at({}, o),
				sheet ? dateTimeText(sheet.submittedAt, day.timeZone) : m.documents_sheet_not_submitted({}, o)
			],
			[m.documents_field_revision({}, o), sheet ? m.documents_sheet_revision({ revision: sheet.revision }, o) : NONE]
		]),
		table(
			[
				{ header: m.documents_col_code({}, o), width: 40 },
				{ header: m.documents_col_criterion({}, o), width: '*' },
				{ header: m.documents_col_weight({}, o), width: 44, align: 'right' },
				{ header: m.documents_col_scale({}, o), width: 56, align: 'center' },
				{ header: m.documents_col_score({}, o), width: 56, align: 'right' }
			],
			[
				...day.rubric.map((c) => [
					c.code,
					c.name,
					number(c.weight),
					`${number(c.min)}–${number(c.max)}`,
					sheet && c.code in sheet.scores ? number(sheet.scores[c.code]) : ''
				]),
				[bold(''), bold(m.documents_sheet_total({}, o)), bold(''), bold('0–100'), bold(sheet ? scoreText(sheet.total, id) : '')]
			]
		),
		...sheetNotes(day, sheet),
		paragraph(m.documents_sheet_statement({}, o)),
		signatures([{ role: m.documents_sign_juror_plain({}, o), name: juror.name }])
	];
}

/** The juror's private notes on their own sheet: one line per criterion noted, then the overall note. */
function sheetNotes(day: PanelDay, sheet: StoredSheet | undefined): PdfContent[] {
	const notes = sheet?.notes;
	if (!notes) return [];
	const lines = [
		...day.rubric.filter((c) => notes.criteria[c.code]).map((c) => `${c.code} · ${c.name}: ${notes.criteria[c.code]}`),
		...(notes.overall ? [`${m.documents_sheet_notes_overall({}, o)}: ${notes.overall}`] : [])
	];
	return [heading(m.documents_sheet_notes_heading({}, o)), paragraph(lines.join('\n'))];
}

/** Every seated, non-recused juror's page for each slot, in slot then seat order. */
export function sheetsPdfDocument(day: PanelDay, slots: DaySlot[], stamp: DocumentStamp): PdfDocument {
	const pages = slots.flatMap((s) =>
		day.jurors.filter((j) => s.entries.find((e) => e.jurorId === j.id)?.status !== 'recused').map((juror) => ({ s, juror }))
	);
	return {
		title: m.documents_sheet_title({ panel: day.panel.name, date: longDate(day.day) }, o),
		createdAt: stamp.generatedAt,
		footer: pdfFooter(stamp),
		content:
			pages.length === 0
				? [titleBlock([m.documents_sheet_heading({}, o)]), paragraph(m.documents_sheet_none({}, o))]
				: pages.flatMap(({ s, juror }, i) => sheetPage(day, s, juror, i === 0))
	};
}

/**
 * The score sheets of one slot (`{ evaluationId, slotId }`), one page per seated juror who is not recused.
 *
 * @example const file = await slotSheetsFile(ctx, admin, { evaluationId, slotId });
 */
export async function slotSheetsFile(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<DocumentFile> {
	const day = await loadSlotDay(ctx, actor, raw);
	const stamp = await documentStamp(ctx.db, day.evaluationId, nowOf(ctx));
	const name = `${m.documents_sheet_file({}, o)}-${fileSlug(day.slots[0].bodyName, 'slot')}-${day.day}.pdf`;
	return (await pdfFiles([{ name, document: sheetsPdfDocument(day, day.slots, stamp) }]))[0];
}

/** The slots of a day that were scored in the room (scoring closed or certified): the sheets worth signing. */
export const heldSlots = (day: PanelDay) => day.slots.filter((s) => s.slot.state === 'closed' || s.slot.state === 'certified');

/** "lembar-penilaian-panel-a-2026-11-28.pdf" */
export const daySheetsFileName = (day: PanelDay) => `${m.documents_sheet_file({}, o)}-${fileSlug(day.panel.name, 'panel')}-${day.day}.pdf`;

/**
 * The score sheets of every slot a panel scored on a day (`{ evaluationId, panelId, day }`).
 *
 * @example const file = await daySheetsFile(ctx, admin, { evaluationId, panelId, day: '2026-11-28' });
 */
export async function daySheetsFile(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<DocumentFile> {
	const day = await loadPanelDay(ctx, actor, raw);
	const stamp = await documentStamp(ctx.db, day.evaluationId, nowOf(ctx));
	return (await pdfFiles([{ name: daySheetsFileName(day), document: sheetsPdfDocument(day, heldSlots(day), stamp) }]))[0];
}
