import { useRBAC } from '@strapi/strapi/admin';

type Permissions = { action: string; subject: null }[];

/** Whether the signed-in admin holds this plugin action (false while the check runs). */
export function useAllowed(permissions: Permissions): boolean {
  const { allowedActions, isLoading } = useRBAC(permissions);
  return !isLoading && Object.values(allowedActions).some(Boolean);
}
