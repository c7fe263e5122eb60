import { PLUGIN_ID } from '../../pluginId';

/** `url` of one of the plugin's own routes with the acting practice added (other URLs unchanged). */
export function withPractice(url: string, practice: string | null): string {
  if (!practice || !url.startsWith(`/${PLUGIN_ID}/`) || url.startsWith(`/${PLUGIN_ID}/practices/`))
    return url;
  const [path, hash] = url.split('#');
  // a request that names its practice itself (the operator pricing one) keeps it
  if (/[?&]practice=/.test(path)) return url;
  const joined = `${path}${path.includes('?') ? '&' : '?'}practice=${encodeURIComponent(practice)}`;
  return hash === undefined ? joined : `${joined}#${hash}`;
}
