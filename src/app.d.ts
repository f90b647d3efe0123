import type { Session, SessionUser } from '$lib/server/auth/session';
import type { ServiceContext } from '$lib/server/services/context';
import type { ReasonedRefusal } from '$lib/shared/refusals';

declare global {
	namespace App {
		interface Locals {
			ctx: ServiceContext;
			session: Session | null;
			user: SessionUser | null;
		}
		/** A refusal's reason and parameters travel with the error, so the error page words it in the reader's language. */
		interface Error extends Partial<ReasonedRefusal> {
			message: string;
		}
	}
}

export {};
