import type { SubmitFunction } from '@sveltejs/kit';

/**
 * For `use:enhance` on setup forms: after the action answers, the form keeps what the user typed
 * (SvelteKit resets enhanced forms by default), so a refusal shows its messages next to the fields
 * without losing the input.
 *
 * @example <form method="POST" use:enhance={keepTyped}>
 */
export const keepTyped: SubmitFunction =
	() =>
	async ({ update }) =>
		update({ reset: false });
