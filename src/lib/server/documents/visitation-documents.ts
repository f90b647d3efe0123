/**
 * The visitation documents: the shortlist (the rule in words, then each body with why it is on
 * the list, or why the secretariat took it off), the visit plan per team and day, and each visit's
 * outcome with the score correction it led to. Ranks and scores are the results as computed when
 * the document is made (certified slots and amendments), as on the visitation page.
 */
import { z } from 'zod';
import type { ShortlistRule } from '$lib/domain/scoring';
import { m } from '$lib/paraglide/messages';
import { scoreText } from '$lib/shared/results-text';
import { whyText } from '$lib/shared/shortlist-text';
import { documentStamp, type DocumentStamp } from '../audit-stamp';
import type { SessionUser } from '../auth/session';
import { nowOf, type ServiceContext } from '../services/context';
import { parseInput } from '../services/validation';
import { visitationOverview, type ShortlistRow, type VisitationOverview } from '../services/visitation';
import { requireSecretariat } from './access';
import { fileSlug, type DocumentFile } from './files';
import { fields, heading, notes, paragraph, table, titleBlock, type PdfContent, type PdfDocument } from './pdf';
import { pdfFiles } from './render';
import { DOCUMENT_LOCALE as id, NONE, longDate, pdfFooter } from './words';

const o = { locale: id };

const VISITATION_DOCUMENTS = ['shortlist', 'plan', 'outcomes'] as const;
export type VisitationDocument = (typeof VISITATION_DOCUMENTS)[number];

export interface Visitation {
	evaluationName: string;
	overview: VisitationOverview;
	stamp: DocumentStamp;
}

/**
 * The visitation as its documents read it, for the evaluation named by the URL.
 *
 * @example const visitation = await loadVisitation(ctx, admin, { evaluationId });
 */
export async function loadVisitation(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<Visitation> {
	requireSecretariat(actor);
	const { evaluationId } = parseInput(z.object({ evaluationId: z.string().min(1).max(64) }), raw);
	const overview = await visitationOverview(ctx, actor, evaluationId);
	const stamp = await documentStamp(ctx.db, evaluationId, nowOf(ctx));
	return { evaluationName: stamp.evaluationName, overview, stamp };
}

/**
 * The rule in one sentence: the rank cuts joined by "or", the minimums for all.
 *
 * @example ruleText({ topPerCategory: 3, minBand: 'Menuju Informatif' }) // '3 peringkat teratas per kategori; dengan syarat kualifikasi paling rendah Menuju Informatif.'
 */
function ruleText(rule: ShortlistRule): string {
	const cuts = [
		...(rule.topPerCategory ? [m.documents_rule_top_category({ limit: rule.topPerCategory }, o)] : []),
		...(rule.topNational ? [m.documents_rule_top_national({ limit: rule.topNational }, o)] : [])
	];
	const minimums = [
		...(rule.minBand ? [m.documents_rule_min_band({ band: rule.minBand }, o)] : []),
		...(rule.minScore !== undefined ? [m.documents_rule_min_score({ score: scoreText(rule.minScore, id) }, o)] : [])
	];
	const cut = cuts.length > 0 ? cuts.join(m.documents_rule_or({}, o)) : m.documents_rule_everyone({}, o);
	return minimums.length > 0 ? m.documents_rule_with({ cut, minimums: minimums.join(m.documents_rule_and({}, o)) }, o) : `${cut}.`;
}

const rankOf = (rank: number | null) => (rank === null ? NONE : String(rank));

function basis(row: ShortlistRow): string {
	const parts = [
		...(row.selection ?? []).map((reason) => whyText(reason, id)),
		...(row.tiedAtCut ? [m.documents_shortlist_tied({}, o)] : []),
		...(row.source === 'manual' && row.reason ? [m.documents_shortlist_manual({ reason: row.reason }, o)] : [])
	];
	return parts.join('; ') || NONE;
}

function title(v: Visitation, label: string, name: string): Pick<PdfDocument, 'title' | 'createdAt' | 'footer'> & { head: PdfContent } {
	return {
		title: name,
		createdAt: v.stamp.generatedAt,
		footer: pdfFooter(v.stamp),
		head: titleBlock([label, v.evaluationName.toLocaleUpperCase('id')])
	};
}

/** The shortlist: its rule, the bodies on it in national order with their basis, then those taken off. */
function shortlistPdfDocument(v: Visitation): PdfDocument {
	const { plan, shortlist } = v.overview;
	const { head, ...doc } = title(v, m.documents_shortlist_heading({}, o), m.documents_shortlist_title({}, o));
	const columns = [
		{ header: m.documents_col_no({}, o), width: 20, align: 'right' as const },
		{ header: m.documents_col_body({}, o), width: '*' as const },
		{ header: m.documents_col_category({}, o), width: 80 },
		{ header: m.documents_col_rank_category({}, o), width: 46, align: 'center' as const },
		{ header: m.documents_col_rank_national({}, o), width: 46, align: 'center' as const },
		{ header: m.documents_col_final({}, o), width: 44, align: 'right' as const },
		{ header: m.documents_col_basis({}, o), width: 140 }
	];
	const rows = (list: ShortlistRow[]) =>
		list.map((r, i) => [
			String(i + 1),
			r.bodyName,
			r.categoryName,
			rankOf(r.rankInCategory),
			rankOf(r.nationalRank),
			r.finalScore === null ? NONE : scoreText(r.finalScore, id),
			basis(r)
		]);
	const included = shortlist.filter((r) => r.included);
	const removed = shortlist.filter((r) => !r.included);
	return {
		...doc,
		orientation: 'landscape',
		content: [
			head,
			fields([[m.documents_field_rule({}, o), plan ? ruleText(plan.rule) : m.documents_visitation_no_rule({}, o)]]),
			heading(m.documents_shortlist_included({ count: included.length }, o)),
			included.length === 0 ? paragraph(m.documents_none({}, o)) : table(columns, rows(included)),
			...(removed.length > 0 ? [heading(m.documents_shortlist_removed({ count: removed.length }, o)), table(columns, rows(removed))] : []),
			notes([m.documents_visitation_results_note({}, o)])
		]
	};
}

/** The visit plan: per team (with its members), its visits by day. */
function visitPlanPdfDocument(v: Visitation): PdfDocument {
	const { plan, teams, visits, waiting } = v.overview;
	const { head, ...doc } = title(v, m.documents_plan_heading({}, o), m.documents_plan_title({}, o));
	return {
		...doc,
		content: [
			head,
			fields([
				[m.documents_field_visit_days({}, o), plan ? `${longDate(plan.firstDay)} – ${longDate(plan.lastDay)}` : NONE],
				[m.documents_field_capacity({}, o), plan ? String(plan.dailyCapacity) : NONE]
			]),
			...(teams.length === 0 ? [paragraph(m.documents_plan_no_teams({}, o))] : []),
			...teams.flatMap((team) => {
				const own = visits.filter((visit) => visit.teamId === team.id);
				return [
					heading(m.documents_plan_team({ team: team.name }, o)),
					paragraph(m.documents_plan_members({ members: team.members || NONE }, o)),
					own.length === 0
						? paragraph(m.documents_none({}, o))
						: table(
								[
									{ header: m.documents_col_date({}, o), width: 150 },
									{ header: m.documents_col_body({}, o), width: '*' },
									{ header: m.documents_col_status({}, o), width: 100 }
								],
								own.map((visit) => [longDate(visit.date, { weekday: true }), visit.bodyName, statusText(visit.status)])
							)
				];
			}),
			...(waiting.length > 0 ? [heading(m.documents_plan_waiting({}, o)), paragraph(waiting.map((w) => w.name).join('; '))] : [])
		]
	};
}

const statusText = (status: 'planned' | 'confirmed' | 'corrected') =>
	({ planned: m.visitation_status_planned, confirmed: m.visitation_status_confirmed, corrected: m.visitation_status_corrected })[status](
		{},
		o
	);

/** Each visit's outcome: status, the team's note, and the score correction it led to. */
function visitOutcomesPdfDocument(v: Visitation): PdfDocument {
	const { visits, amendments } = v.overview;
	const { head, ...doc } = title(v, m.documents_outcomes_heading({}, o), m.documents_outcomes_title({}, o));
	return {
		...doc,
		orientation: 'landscape',
		content: [
			head,
			visits.length === 0
				? paragraph(m.documents_none({}, o))
				: table(
						[
							{ header: m.documents_col_date({}, o), width: 90 },
							{ header: m.documents_col_team({}, o), width: 80 },
							{ header: m.documents_col_body({}, o), width: 170 },
							{ header: m.documents_col_status({}, o), width: 80 },
							{ header: m.documents_col_note({}, o), width: '*' },
							{ header: m.documents_col_correction({}, o), width: 170 }
						],
						visits.map((visit) => {
							const corrections = amendments.filter((a) => a.visitId === visit.id);
							return [
								longDate(visit.date),
								visit.teamName,
								visit.bodyName,
								statusText(visit.status),
								visit.outcomeNote ?? NONE,
								corrections.length === 0
									? NONE
									: corrections
											.map((a) => m.documents_outcome_correction({ score: scoreText(a.value, id), reason: a.reason }, o))
											.join('; ')
							];
						})
					)
		]
	};
}

const BUILDERS: Record<VisitationDocument, { document: (v: Visitation) => PdfDocument; file: () => string }> = {
	shortlist: { document: shortlistPdfDocument, file: () => m.documents_shortlist_file({}, o) },
	plan: { document: visitPlanPdfDocument, file: () => m.documents_plan_file({}, o) },
	outcomes: { document: visitOutcomesPdfDocument, file: () => m.documents_outcomes_file({}, o) }
};

/** The visitation documents as named PDFs ready to render ("daftar-pendek-visitasi-monev-kip-2023-presentasi.pdf"). */
export function visitationPdfs(v: Visitation, which: readonly VisitationDocument[] = VISITATION_DOCUMENTS) {
	return which.map((kind) => ({
		name: `${BUILDERS[kind].file()}-${fileSlug(v.evaluationName)}.pdf`,
		document: BUILDERS[kind].document(v)
	}));
}

/**
 * One visitation document of the evaluation named by the URL, as a PDF.
 *
 * @example const file = await visitationFile(ctx, admin, { evaluationId }, 'shortlist');
 */
export async function visitationFile(
	ctx: ServiceContext,
	actor: SessionUser,
	raw: unknown,
	which: VisitationDocument
): Promise<DocumentFile> {
	return (await pdfFiles(visitationPdfs(await loadVisitation(ctx, actor, raw), [which])))[0];
}
