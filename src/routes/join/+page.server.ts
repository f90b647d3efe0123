import type { Actions } from './$types';
import { joinAction } from './join-action';

export const actions: Actions = { default: joinAction };
