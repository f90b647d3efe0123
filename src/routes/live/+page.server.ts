import { error } from '@sveltejs/kit';
import QRCode from 'qrcode';
import { runningEvaluationId } from '$lib/server/services/public-settings';
import { loadSnapshot } from '$lib/server/snapshot-load';
import type { PageServerLoad } from './$types';

/** Public: the audience view shows only what the public may see (see public-results.ts), so it is safe to render for anyone. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const requested = url.searchParams.get('evaluation');
	// Without ?evaluation=, the evaluation the secretariat marked as running.
	const evaluationId = requested ?? (await runningEvaluationId(locals.ctx));
	const evaluation = evaluationId
		? await locals.ctx.db.selectFrom('evaluations').select('id').where('id', '=', evaluationId).executeTakeFirst()
		: undefined;
	if (!evaluation) error(404, requested ? 'Evaluation not found' : 'No evaluation yet');
	const snapshot = await loadSnapshot(locals, 'audience', { evaluationId: evaluation.id });
	// The big screen (?screen=1, for a projector) shows a QR code of the phone view, drawn here so phones never load a QR library.
	if (url.searchParams.get('screen') !== '1') return { evaluationId: evaluation.id, snapshot, screen: null };
	const phoneUrl = requested ? `${url.origin}/live?evaluation=${evaluation.id}` : `${url.origin}/live`;
	const qr = await QRCode.toString(phoneUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
	return { evaluationId: evaluation.id, snapshot, screen: { qr, phoneUrl: phoneUrl.replace(/^https?:\/\//, '') } };
};
