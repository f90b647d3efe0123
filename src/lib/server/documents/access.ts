import type { SessionUser } from '../auth/session';
import { secretariatOnly } from '../services/errors';

/**
 * Official documents are the secretariat's: scores of every juror and every room, before and after
 * publication. Every document service checks this first, before it reads anything.
 *
 * @example requireSecretariat(actor); // throws ServiceError 'forbidden' for a chair, a juror or a presenter
 */
export function requireSecretariat(actor: SessionUser): void {
	if (actor.role !== 'admin') throw secretariatOnly('Only the secretariat may generate official documents');
}
