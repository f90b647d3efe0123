import type { Session, SessionUser } from '$lib/server/auth/session';
import type { ServiceContext } from '$lib/server/services/context';

declare global {
	namespace App {
		interface Locals {
			ctx: ServiceContext;
			session: Session | null;
			user: SessionUser | null;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
