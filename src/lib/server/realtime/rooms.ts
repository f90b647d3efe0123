/** Room names: one place, so publisher and handlers cannot drift apart. */
export const rooms = {
	user: (userId: string) => `user:${userId}`,
	session: (sessionId: string) => `session:${sessionId}`,
	console: (panelId: string) => `console:${panelId}`,
	jurors: (panelId: string) => `jurors:${panelId}`,
	audience: (evaluationId: string) => `audience:${evaluationId}`,
	presenters: (evaluationId: string) => `presenters:${evaluationId}`
};
