/**
 * The account pages' field and refusal codes in the user's language (the services report codes,
 * never sentences). Anything unknown is shown as the service said it.
 */
import { m } from '$lib/paraglide/messages';
import { MIN_PASSWORD_LENGTH } from '$lib/shared/accounts';

const TEXTS: Record<string, () => string> = {
	required: m.account_error_required,
	too_short: m.account_error_too_short,
	too_long: m.account_error_too_long,
	mismatch: m.account_error_mismatch,
	unchanged: m.account_error_unchanged,
	username_chars: m.account_error_username_chars,
	wrong_current_password: m.account_refused_wrong_current_password,
	username_taken: m.account_refused_username_taken,
	last_active_admin: m.account_refused_last_active_admin,
	own_account: m.account_refused_own_account,
	already_inactive: m.account_refused_already_inactive,
	rate_limited: m.account_refused_rate_limited
};

export function accountText(code: string | undefined, field?: string): string {
	if (!code) return '';
	// A new password's length rule names the minimum.
	if (code === 'too_short' && field === 'next') return m.account_error_password_short({ min: MIN_PASSWORD_LENGTH });
	return TEXTS[code]?.() ?? m.account_refused_other({ message: code });
}
