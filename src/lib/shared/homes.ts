/** Where each role works: where a sign-in lands and where an error page sends a person back to. */
export const HOME_OF = { admin: '/admin', chair: '/panel', juror: '/juror', presenter: '/presenter' } as const;

export type HomeRole = keyof typeof HOME_OF;
