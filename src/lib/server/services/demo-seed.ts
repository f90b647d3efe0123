/**
 * The demo: "Monev KIP 2023 — Presentasi" from the sample file of real public bodies, with the
 * preset rubric and rules, two panels of a chair and three jurors, and the invited provinces
 * scheduled over the two rooms. Seeded only into an empty database.
 */
import Papa from 'papaparse';
import { readFileSync } from 'node:fs';
import { MONEV_KIP_PRESET } from '$lib/domain/scoring';
import { presetSettings } from '$lib/domain/setup/evaluation-settings';
import type { EventZone } from '$lib/domain/setup/event-zone';
import { normaliseKey } from '$lib/domain/setup/body-import';
import { isInvited } from '$lib/domain/setup/invitation';
import { eventDate, eventTimeToEpoch, MINUTE_MS, proposeSchedule, type Interval } from '$lib/domain/setup/schedule';
import { appendAudit } from '../audit';
import { issueJoinCode } from '../auth/join-code';
import { generatePassword, hashPassword } from '../auth/password';
import type { DB } from '../db';
import type { Role } from '../db/schema';
import { insertCriteria } from './evaluation-rules';
import { insertEvaluation } from './evaluations';
import { createdState } from './replay-state';

export const DEMO_CSV = 'db/seed/monev-kip-2023-sample.csv';
const DEMO_CATEGORY = 'Pemerintah Provinsi';

export interface DemoCredentials {
	admin: { username: string; password: string | null };
	joinCodes: { role: Role; name: string; detail: string; code: string }[];
}

interface SampleRow {
	category: string;
	name: string;
	short_name: string;
	saq_score_demo: string;
}

const PANELS = [
	{
		name: 'Panel A',
		room: 'Ruang Merapi',
		chair: { name: 'Dr. Arya Wicaksana', affiliation: 'Komisi Informasi Pusat' },
		jurors: [
			{ name: 'Siti Rahmawati, M.Si.', affiliation: 'Universitas Gadjah Mada', expertise: 'Kebijakan publik' },
			{ name: 'Bambang Hartono', affiliation: 'Aliansi Jurnalis Independen', expertise: 'Jurnalisme data' },
			{ name: 'Dewi Lestari, S.H.', affiliation: 'Komisi Informasi Pusat', expertise: 'Hukum keterbukaan informasi' }
		]
	},
	{
		name: 'Panel B',
		room: 'Ruang Rinjani',
		chair: { name: 'Prof. Hendra Gunawan', affiliation: 'Komisi Informasi Pusat' },
		jurors: [
			{ name: 'Rina Marlina, Ph.D.', affiliation: 'Universitas Indonesia', expertise: 'E-government (SPBE)' },
			{ name: 'Yusuf Maulana', affiliation: 'Indonesia Corruption Watch', expertise: 'Akuntabilitas publik' },
			{ name: 'Ahmad Fauzi, M.Kom.', affiliation: 'Komisi Informasi Pusat', expertise: 'Aksesibilitas digital' }
		]
	}
];

/** Three presentation days from tomorrow (on the event's clocks), 08:00–12:00 and 13:00–17:00 with a lunch break. */
function demoWindows(zone: EventZone, now = Date.now()): Interval[] {
	const days = [1, 2, 3].map((n) => eventDate(now + n * 24 * 60 * MINUTE_MS, zone));
	return days.flatMap((day) =>
		[
			['08:00', '12:00'],
			['13:00', '17:00']
		].map(([from, to]) => ({ start: eventTimeToEpoch(day, from, zone)!, end: eventTimeToEpoch(day, to, zone)! }))
	);
}

/** Seeds the demo if the database has no users yet; returns what to print, or null if it did nothing. */
export async function seedDemoIfEmpty(db: DB, opts: { adminPassword?: string; csvPath?: string } = {}): Promise<DemoCredentials | null> {
	const anyUser = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
	if (anyUser) return null;

	const parsed = Papa.parse<SampleRow>(readFileSync(opts.csvPath ?? DEMO_CSV, 'utf8'), { header: true, skipEmptyLines: true });
	const provinces = parsed.data.filter((r) => r.category === DEMO_CATEGORY);
	const adminPassword = opts.adminPassword ?? generatePassword();
	const passwordHash = await hashPassword(adminPassword);
	const now = Date.now();

	const credentials: DemoCredentials = {
		admin: { username: 'admin', password: opts.adminPassword ? null : adminPassword },
		joinCodes: []
	};

	// The preset as the secretariat would create it (passing grade 60, timing 10/15/5/5 minutes).
	const settings = presetSettings('Monev KIP 2023 — Presentasi');
	const { timing } = settings;
	const seeded = await db.transaction().execute(async (trx) => {
		// Asked again where it counts: processes starting together on one PostgreSQL database each
		// saw it empty above; transactions run one at a time, so only the first seeds.
		if (await trx.selectFrom('users').select('id').limit(1).executeTakeFirst()) return false;
		const evaluationId = crypto.randomUUID();
		await insertEvaluation(trx, evaluationId, settings, now);
		await trx
			.insertInto('users')
			.values({
				id: crypto.randomUUID(),
				role: 'admin',
				name: 'Sekretariat',
				username: 'admin',
				password_hash: passwordHash,
				evaluation_id: null,
				body_id: null,
				title: null,
				affiliation: null,
				expertise: null,
				created_at: now
			})
			.execute();
		const categoryId = crypto.randomUUID();
		await trx
			.insertInto('categories')
			.values({ id: categoryId, evaluation_id: evaluationId, name: DEMO_CATEGORY, sort_order: 0 })
			.execute();
		await insertCriteria(trx, evaluationId, MONEV_KIP_PRESET.rubric);

		const person = async (
			role: Role,
			name: string,
			extra: { affiliation?: string; expertise?: string; title?: string; body_id?: string } = {}
		) => {
			const id = crypto.randomUUID();
			await trx
				.insertInto('users')
				.values({
					id,
					role,
					name,
					username: null,
					password_hash: null,
					evaluation_id: evaluationId,
					body_id: extra.body_id ?? null,
					title: extra.title ?? null,
					affiliation: extra.affiliation ?? null,
					expertise: extra.expertise ?? null,
					created_at: now
				})
				.execute();
			return id;
		};

		const panelIds: string[] = [];
		for (const spec of PANELS) {
			const chairId = await person('chair', spec.chair.name, { affiliation: spec.chair.affiliation });
			const panelId = crypto.randomUUID();
			panelIds.push(panelId);
			await trx
				.insertInto('panels')
				.values({ id: panelId, evaluation_id: evaluationId, name: spec.name, room: spec.room, chair_id: chairId })
				.execute();
			credentials.joinCodes.push({
				role: 'chair',
				name: spec.chair.name,
				detail: `${spec.name} · ${spec.room}`,
				code: await issueJoinCode(trx, chairId)
			});
			for (const [seat, juror] of spec.jurors.entries()) {
				const jurorId = await person('juror', juror.name, juror);
				await trx.insertInto('panel_jurors').values({ panel_id: panelId, juror_id: jurorId, seat }).execute();
				credentials.joinCodes.push({
					role: 'juror',
					name: juror.name,
					detail: `${spec.name} · ${spec.room}`,
					code: await issueJoinCode(trx, jurorId)
				});
			}
		}

		const invitedBodies: { bodyId: string; row: SampleRow }[] = [];
		for (const row of provinces) {
			const priorScore = Number(row.saq_score_demo);
			const invited = isInvited(priorScore, settings.passingGrade);
			const bodyId = crypto.randomUUID();
			await trx
				.insertInto('bodies')
				.values({
					id: bodyId,
					evaluation_id: evaluationId,
					category_id: categoryId,
					name: row.name,
					short_name: row.short_name,
					prior_score: priorScore,
					invited: invited ? 1 : 0,
					key: normaliseKey(row.name)
				})
				.execute();
			if (invited) invitedBodies.push({ bodyId, row });
		}

		// The real scheduler places the invited bodies, in the sample's order, over both rooms.
		const windows = demoWindows(settings.timeZone);
		await trx
			.insertInto('schedule_windows')
			.values(
				windows.map((w) => ({ id: crypto.randomUUID(), evaluation_id: evaluationId, panel_id: null, starts_at: w.start, ends_at: w.end }))
			)
			.execute();
		const proposal = proposeSchedule({
			rooms: panelIds.map((panelId, i) => ({ panelId, name: PANELS[i].name, jurorIds: [], windows, occupied: [] })),
			bodies: invitedBodies.map(({ bodyId, row }) => ({ bodyId, name: row.name, categoryId, categorySortOrder: 0 })),
			slotMinutes: timing.presentation + timing.qa + timing.scoring + timing.changeover,
			blocked: new Set(),
			order: 'as_given'
		});
		const placementOf = new Map(proposal.placements.map((p) => [p.bodyId, p]));
		const positionOf = new Map(
			panelIds.flatMap((panelId) =>
				proposal.placements.filter((p) => p.panelId === panelId).map((p, position) => [p.bodyId, position] as const)
			)
		);
		for (const { bodyId, row } of invitedBodies) {
			const placement = placementOf.get(bodyId)!;
			const position = positionOf.get(bodyId)!;
			await trx
				.insertInto('slots')
				.values({
					id: crypto.randomUUID(),
					evaluation_id: evaluationId,
					panel_id: placement.panelId,
					body_id: bodyId,
					position,
					planned_start: placement.start,
					presentation_minutes: timing.presentation,
					qa_minutes: timing.qa,
					scoring_minutes: timing.scoring,
					state: 'scheduled',
					presentation_started_at: null,
					qa_started_at: null,
					scoring_opened_at: null,
					scoring_closed_at: null,
					certified_at: null,
					certified_by: null
				})
				.execute();
			const presenterId = await person('presenter', `Sekretaris Daerah ${row.short_name}`, { title: 'Sekretaris Daerah', body_id: bodyId });
			credentials.joinCodes.push({
				role: 'presenter',
				name: row.name,
				detail: `${PANELS[panelIds.indexOf(placement.panelId)].name} · #${position + 1}`,
				code: await issueJoinCode(trx, presenterId)
			});
		}
		await appendAudit(trx, {
			actorId: null,
			evaluationId,
			action: 'demo.seed',
			entity: 'evaluation',
			entityId: evaluationId,
			after: { bodies: provinces.length, invited: invitedBodies.length, replay: await createdState(trx, evaluationId) }
		});
		return true;
	});
	return seeded ? credentials : null;
}
