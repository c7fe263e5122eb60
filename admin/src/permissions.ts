import { ACTIONS, type ActionName } from '../../shared/permissions';
import { PLUGIN_ID } from './pluginId';

type Permission = { action: string; subject: null }[];

/** Every RBAC action the server routes check (shared/permissions.ts), in the shape the admin's permission checks take. */
export const PERMISSIONS = Object.fromEntries(
  Object.entries(ACTIONS).map(([name, uid]) => [
    name,
    [{ action: `plugin::${PLUGIN_ID}.${uid}`, subject: null }],
  ])
) as Record<ActionName, Permission>;
