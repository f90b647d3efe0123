/**
 * Invitation letters (surat undangan): one A4 letter per invited public body that has a slot,
 * addressed to its head, with the day, time and room of the presentation in the event's zone, the
 * rules of the presentation, and the presenter's one-time join link as a QR code and in text.
 *
 * A join code is stored only as its hash, so a letter cannot print a code issued earlier: making
 * the letters issues fresh codes for their presenters (through `issueJoinCodes`, audited there),
 * which ends their earlier unused codes. A device that already joined stays signed in.
 */
import JSZip from 'jszip';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { documentStamp, type DocumentStamp } from '../audit-stamp';
import type { SessionUser } from '../auth/session';
import { nowOf, type ServiceContext } from '../services/context';
import { FieldRefusal, notFound } from '../services/errors';
import { issueJoinCodes } from '../services/people';
import { parseInput } from '../services/validation';
import { requireSecretariat } from './access';
import { CONTENT_TYPES, fileSlug, type DocumentFile } from './files';
import { fields, heading, numbered, paragraph, qrCode, signatures, titleBlock, type PdfDocument } from './pdf';
import { pdfFiles } from './render';
import { DOCUMENT_LOCALE as id, clockText, dateTimeText, longDate, pdfFooter } from './words';
import { zoneLabel } from '$lib/domain/setup/event-zone';
import { eventDate, MINUTE_MS } from '$lib/domain/setup/schedule';

const o = { locale: id };

/** One presenter of an invited body, with the slot they are invited to. */
export interface InvitedPresenter {
	userId: string;
	presenterName: string;
	presenterTitle: string | null;
	bodyName: string;
	categoryName: string;
	panelName: string;
	room: string;
	plannedStart: number;
	presentationMinutes: number;
	qaMinutes: number;
}

/** What one letter says: the presenter, their slot, and the join link issued for it. */
export interface Invitation extends InvitedPresenter {
	evaluationName: string;
	link: string;
	/** When the join code stops working (epoch ms). */
	linkExpiresAt: number;
}

/**
 * The presenters of invited, current bodies and the earliest slot of each body (a body has one
 * slot; a moved slot keeps its id). Presenters whose body has no slot yet are left out: their
 * letter would have no date.
 */
export async function invitedPresenters(
	ctx: ServiceContext,
	evaluationId: string
): Promise<{ ready: InvitedPresenter[]; invited: number }> {
	const rows = await ctx.db
		.selectFrom('users')
		.innerJoin('bodies', 'bodies.id', 'users.body_id')
		.innerJoin('categories', 'categories.id', 'bodies.category_id')
		.leftJoin('slots', 'slots.body_id', 'bodies.id')
		.leftJoin('panels', 'panels.id', 'slots.panel_id')
		.select([
			'users.id as userId',
			'users.name as presenterName',
			'users.title as presenterTitle',
			'bodies.name as bodyName',
			'categories.name as categoryName',
			'panels.name as panelName',
			'panels.room as room',
			'slots.planned_start as plannedStart',
			'slots.presentation_minutes as presentationMinutes',
			'slots.qa_minutes as qaMinutes'
		])
		.where('users.evaluation_id', '=', evaluationId)
		.where('users.role', '=', 'presenter')
		.where('users.archived_at', 'is', null)
		.where('bodies.archived_at', 'is', null)
		.where('bodies.invited', '=', 1)
		.orderBy('slots.planned_start')
		.orderBy('bodies.name')
		.execute();
	const byUser = new Map<string, InvitedPresenter | null>();
	for (const row of rows) {
		if (byUser.get(row.userId)) continue;
		const scheduled = row.plannedStart !== null && row.panelName !== null && row.room !== null;
		byUser.set(
			row.userId,
			scheduled
				? {
						...row,
						panelName: row.panelName!,
						room: row.room!,
						plannedStart: row.plannedStart!,
						presentationMinutes: row.presentationMinutes!,
						qaMinutes: row.qaMinutes!
					}
				: null
		);
	}
	const ready = [...byUser.values()].filter((p): p is InvitedPresenter => p !== null);
	ready.sort((a, b) => a.plannedStart - b.plannedStart || a.bodyName.localeCompare(b.bodyName, 'id'));
	return { ready, invited: byUser.size };
}

/** The letter as a PDF document (A4 portrait, Indonesian). */
export function invitationPdfDocument(invitation: Invitation, stamp: DocumentStamp): PdfDocument {
	const { bodyName, evaluationName, plannedStart } = invitation;
	const zone = stamp.timeZone;
	const end = plannedStart + (invitation.presentationMinutes + invitation.qaMinutes) * MINUTE_MS;
	return {
		title: m.invitation_title({ body: bodyName }, o),
		createdAt: stamp.generatedAt,
		footer: pdfFooter(stamp),
		content: [
			titleBlock([m.invitation_heading({}, o), m.invitation_subject({ evaluation: evaluationName.toLocaleUpperCase('id') }, o)]),
			paragraph(m.invitation_to({}, o)),
			paragraph(m.invitation_leader({ body: bodyName }, o)),
			paragraph(m.invitation_opening({ body: bodyName, evaluation: evaluationName }, o), { alignment: 'justify' }),
			fields([
				[m.invitation_field_day({}, o), longDate(eventDate(plannedStart, zone), { weekday: true })],
				[
					m.invitation_field_time({}, o),
					m.invitation_time_value({ start: clockText(plannedStart, zone), end: clockText(end, zone), zone: zoneLabel(zone) }, o)
				],
				[m.invitation_field_room({}, o), invitation.room],
				[m.invitation_field_panel({}, o), invitation.panelName],
				[m.invitation_field_category({}, o), invitation.categoryName],
				[m.invitation_field_presenter({}, o), [invitation.presenterName, invitation.presenterTitle].filter(Boolean).join(', ')]
			]),
			heading(m.invitation_rules_heading({}, o)),
			numbered([
				m.invitation_rule_presenter({}, o),
				m.invitation_rule_duration({ presentation: invitation.presentationMinutes, qa: invitation.qaMinutes }, o),
				m.invitation_rule_arrive({}, o),
				m.invitation_rule_public({}, o)
			]),
			heading(m.invitation_join_heading({}, o)),
			paragraph(m.invitation_join_text({}, o), { alignment: 'justify' }),
			qrCode(invitation.link),
			paragraph(invitation.link),
			paragraph(m.invitation_join_until({ date: dateTimeText(invitation.linkExpiresAt, zone) }, o)),
			paragraph(m.invitation_closing({}, o)),
			signatures([{ role: m.invitation_sign_role({ evaluation: evaluationName }, o), name: null }], { alignment: 'right' })
		]
	};
}

const invitationInput = z.object({
	evaluationId: z.string().min(1, 'required').max(64),
	/** One presenter's letter; all of them when absent. */
	userId: z.string().min(1).max(64).optional(),
	/** Where the join links lead: the site's own origin. */
	origin: z.url()
});

/** A letter's file name: `undangan-<body>.pdf`. */
const letterName = (bodyName: string) => `undangan-${fileSlug(bodyName, 'badan-publik')}.pdf`;

/**
 * The invitation letters: one presenter's PDF (`userId`), or every invited and scheduled body's
 * letter in one zip. Issues the presenters' join codes as it goes (see the module's comment).
 *
 * @example const zip = await invitationLetters(ctx, admin, { evaluationId, origin: url.origin }); // 'undangan-monev-kip-2023-presentasi.zip'
 */
export async function invitationLetters(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<DocumentFile> {
	requireSecretariat(actor);
	const input = parseInput(invitationInput, raw);
	const evaluation = await ctx.db.selectFrom('evaluations').select('name').where('id', '=', input.evaluationId).executeTakeFirst();
	if (!evaluation) throw notFound('Evaluation');
	const { ready } = await invitedPresenters(ctx, input.evaluationId);
	const chosen = input.userId === undefined ? ready : ready.filter((p) => p.userId === input.userId);
	if (chosen.length === 0) {
		throw input.userId === undefined
			? new FieldRefusal('invalid_state', 'no_invitations', 'No presenter of an invited body has a slot yet')
			: notFound('Invited presenter with a slot');
	}

	const issued = await issueJoinCodes(ctx, actor, input.evaluationId, { userIds: chosen.map((p) => p.userId) });
	const codeOf = new Map(issued.map((i) => [i.userId, i]));
	const stamp = await documentStamp(ctx.db, input.evaluationId, nowOf(ctx));
	const letters = chosen.map((presenter) => {
		const code = codeOf.get(presenter.userId)!;
		const invitation: Invitation = {
			...presenter,
			evaluationName: evaluation.name,
			link: `${input.origin}/join/${code.code}`,
			linkExpiresAt: code.expiresAt
		};
		return { name: letterName(presenter.bodyName), document: invitationPdfDocument(invitation, stamp) };
	});
	const files = await pdfFiles(letters);
	if (input.userId !== undefined) return files[0];

	const zip = new JSZip();
	const taken = new Set<string>();
	for (const file of files) {
		// Two bodies whose names slug alike still get a file each.
		let name = file.name;
		for (let n = 2; taken.has(name); n++) name = file.name.replace(/\.pdf$/, `-${n}.pdf`);
		taken.add(name);
		zip.file(name, file.bytes, { date: new Date(stamp.generatedAt) });
	}
	const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
	return { name: `undangan-${fileSlug(evaluation.name)}.zip`, contentType: CONTENT_TYPES.zip, bytes };
}
