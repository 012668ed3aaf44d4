import { redirect } from '@sveltejs/kit';
import { HOME_PATH } from '#lib/navigation/paths.ts';

export function load(): never {
  redirect(307, HOME_PATH);
}
