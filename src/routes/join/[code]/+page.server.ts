import type { Actions, PageServerLoad } from './$types';
import { joinAction } from '../join-action';

export const load: PageServerLoad = ({ params }) => ({ code: params.code });

export const actions: Actions = { default: joinAction };
