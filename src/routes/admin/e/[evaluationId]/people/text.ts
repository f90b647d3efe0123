import { m } from '$lib/paraglide/messages';

/**
 * Turns what a form action reports (zod message keys, refusal reasons) into text in the user's
 * language. Anything unknown is shown as the service said it.
 */
export function errorText(key: string | undefined): string {
	if (!key) return '';
	const known: Record<string, () => string> = {
		required: m.people_error_required,
		too_long: m.people_error_too_long,
		reason_required: m.people_error_reason_required,
		archived: m.people_refused_archived,
		wrong_role: m.people_refused_wrong_role,
		body_unknown: m.people_refused_body_unknown,
		admin_uses_password: m.people_refused_admin,
		not_a_juror: m.people_refused_not_a_juror,
		conflict_exists: m.people_refused_conflict_exists,
		not_open: m.people_refused_not_open,
		not_confirmed: m.people_refused_not_confirmed,
		already_scored: m.people_refused_already_scored
	};
	return known[key]?.() ?? m.people_refused_other({ message: key });
}

export const codeStateLabel = {
	none: m.people_code_none,
	active: m.people_code_active,
	used: m.people_code_used,
	revoked: m.people_code_revoked,
	expired: m.people_code_expired
};

export const codeStateTone = { none: '', active: 'ok', used: '', revoked: 'danger', expired: 'warn' } as const;
