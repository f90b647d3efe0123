/**
 * Everything for one published version in one zip: the decree annex (PDF, XLSX, CSV) and the
 * national summary (PDF, XLSX) of that version, the minutes and score sheets of every panel's day,
 * and the visitation documents, with a manifest that lists each file's SHA-256 and the stamp. The
 * PDFs are rendered together on one worker thread.
 */
import { createHash } from 'node:crypto';
import JSZip from 'jszip';
import type { EventZone } from '$lib/domain/setup/event-zone';
import { eventDate } from '$lib/domain/setup/schedule';
import { formatAnchor } from '$lib/domain/audit';
import { m } from '$lib/paraglide/messages';
import type { SessionUser } from '../auth/session';
import type { ServiceContext } from '../services/context';
import { annexBaseName, annexCsv, annexPdfDocument, annexXlsx, loadAnnex } from './annex';
import { CONTENT_TYPES, fileSlug, type DocumentFile } from './files';
import { minutesFileName, minutesPdfDocument } from './minutes';
import { loadPanelDay, type PanelDay } from './panel-day';
import type { PdfDocument } from './pdf';
import { pdfFiles } from './render';
import { daySheetsFileName, heldSlots, sheetsPdfDocument } from './score-sheets';
import { loadSummary, summaryBaseName, summaryPdfDocument, summaryXlsx } from './summary';
import { loadVisitation, visitationPdfs } from './visitation-documents';
import { DOCUMENT_LOCALE as id, NONE, dateTimeText } from './words';

const o = { locale: id };

/** Every panel's days with slots, by panel name then day. */
async function panelDays(ctx: ServiceContext, actor: SessionUser, evaluationId: string, zone: EventZone): Promise<PanelDay[]> {
	const slots = await ctx.db
		.selectFrom('slots')
		.innerJoin('panels', 'panels.id', 'slots.panel_id')
		.select(['slots.panel_id', 'slots.planned_start', 'panels.name'])
		.where('slots.evaluation_id', '=', evaluationId)
		.execute();
	const keys = new Map<string, { panelId: string; day: string; name: string }>();
	for (const s of slots) {
		const day = eventDate(s.planned_start, zone);
		keys.set(`${s.panel_id}|${day}`, { panelId: s.panel_id, day, name: s.name });
	}
	const ordered = [...keys.values()].sort((a, b) => a.name.localeCompare(b.name, 'id') || a.day.localeCompare(b.day));
	const days: PanelDay[] = [];
	for (const { panelId, day } of ordered) days.push(await loadPanelDay(ctx, actor, { evaluationId, panelId, day }));
	return days;
}

/**
 * The zip of every document of the version named by the URL (`{ evaluationId, version }`).
 *
 * @example const file = await versionBundle(ctx, admin, { evaluationId, version: '2' }); // 'dokumen-monev-kip-2023-presentasi-v2.zip'
 */
export async function versionBundle(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<DocumentFile> {
	// The annex validates the URL and the actor before anything else is read.
	const annex = await loadAnnex(ctx, actor, raw);
	const { stored, stamp } = annex;
	// The room's records and the visits are not about a version: their pages carry the stamp without one.
	const sessionStamp = {
		evaluationId: stamp.evaluationId,
		evaluationName: stamp.evaluationName,
		timeZone: stamp.timeZone,
		generatedAt: stamp.generatedAt,
		auditHead: stamp.auditHead
	};
	const [summary, days, visitation] = await Promise.all([
		loadSummary(ctx, actor, raw),
		panelDays(ctx, actor, stored.evaluationId, stamp.timeZone),
		loadVisitation(ctx, actor, { evaluationId: stored.evaluationId })
	]);
	const folders = {
		minutes: m.documents_bundle_minutes_folder({}, o),
		sheets: m.documents_bundle_sheets_folder({}, o),
		visits: m.documents_bundle_visits_folder({}, o)
	};
	const pdfs: { name: string; document: PdfDocument }[] = [
		{ name: `${annexBaseName(annex)}.pdf`, document: annexPdfDocument(annex) },
		{ name: `${summaryBaseName(stored)}.pdf`, document: summaryPdfDocument(summary) },
		...days.map((day) => ({ name: `${folders.minutes}/${minutesFileName(day)}`, document: minutesPdfDocument(day, sessionStamp) })),
		...days
			.filter((day) => heldSlots(day).length > 0)
			.map((day) => ({
				name: `${folders.sheets}/${daySheetsFileName(day)}`,
				document: sheetsPdfDocument(day, heldSlots(day), sessionStamp)
			})),
		...visitationPdfs(visitation).map((v) => ({ ...v, name: `${folders.visits}/${v.name}` }))
	];
	const files: DocumentFile[] = [annexCsv(annex), await annexXlsx(annex), await summaryXlsx(summary), ...(await pdfFiles(pdfs))];
	files.sort((a, b) => a.name.localeCompare(b.name));

	const zip = new JSZip();
	const date = new Date(stamp.generatedAt);
	for (const file of files) zip.file(file.name, file.bytes, { date });
	const manifest = [
		m.documents_bundle_manifest_title({ evaluation: stored.evaluationName, version: stored.version }, o),
		m.documents_bundle_manifest_generated({ time: dateTimeText(stamp.generatedAt, stamp.timeZone) }, o),
		m.documents_bundle_manifest_audit({ anchor: stamp.auditHead ? formatAnchor(stamp.auditHead) : NONE }, o)
	]
		.map((line) => `# ${line}`)
		.concat([...files.map((f) => `${createHash('sha256').update(f.bytes).digest('hex')}  ${f.name}`), ''])
		.join('\n');
	zip.file(MANIFEST, manifest, { date });
	const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 } });
	return {
		name: `${m.documents_bundle_file({}, o)}-${fileSlug(stored.evaluationName)}-v${stored.version}.zip`,
		contentType: CONTENT_TYPES.zip,
		bytes
	};
}

/** The manifest's name in every bundle: `#` lines for the stamp, then one `sha256sum` line per file (`sha256sum -c` checks them). */
export const MANIFEST = 'MANIFEST-SHA256.txt';
