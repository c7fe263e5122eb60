/**
 * Which practices an admin user may act for, the one seam the host decides
 * through (README "Many practices"):
 *
 * - A permission of the plugin without a condition applies to every
 *   practice, as an unconditioned Strapi permission applies to every entry.
 * - A permission with the condition "own practice only"
 *   (plugin::messaging.own-practice, set in Strapi's role editor) applies to
 *   the user's own practices: what `practiceAccess` returns for the user, by
 *   default the practices whose staff relation holds the user plus those
 *   `practiceRoles` gives the user's roles.
 *
 * The same condition scopes the Content Manager: a role whose permissions
 * on the mapped client and appointment types carry it sees only its
 * practices' clients and appointments.
 */
import type { Core } from '@strapi/strapi';
import { actionId, PLUGIN_ID, type ActionUid } from '../../constants';
import { pluginConfig } from '../../kernel/plugin-config';
import type { PracticeAccessUser } from '../../kernel/config';
import { hostRepository } from '../../host';
import {
  appointmentPracticeFilter,
  asRbacCondition,
  clientPracticeFilter,
  isPracticeKey,
} from '../../host/domain';
import { getService } from '../../kernel/get-service';
import { EVERY_PRACTICE, mayActFor, unionOf, type PracticeAccess } from '../domain/acting';

export const OWN_PRACTICE_CONDITION = 'own-practice';
export const OWN_PRACTICE_CONDITION_ID = `plugin::${PLUGIN_ID}.${OWN_PRACTICE_CONDITION}`;
const SUPER_ADMIN_CODE = 'strapi-super-admin';

interface StoredPermission {
  action: string;
  subject?: string | null;
  conditions?: string[];
}

export const practiceAccessService = (strapi: Core.Strapi) => {
  const config = pluginConfig(strapi);
  const host = hostRepository(strapi);
  const permissionsOf = async (user: PracticeAccessUser): Promise<StoredPermission[]> =>
    (await strapi
      .service('admin::permission')
      .findUserPermissions(user as never)) as unknown as StoredPermission[];

  /** What the host's resolver returned, checked: anything but keys or '*' grants nothing (and is logged). */
  const checked = (grant: unknown): PracticeAccess => {
    if (grant === EVERY_PRACTICE) return EVERY_PRACTICE;
    if (Array.isArray(grant) && grant.every(isPracticeKey)) return [...grant].sort();
    strapi.log.error(
      `[messaging] practiceAccess returned ${JSON.stringify(grant)}: expected practice keys or "*"; the user acts for no practice`
    );
    return [];
  };

  /** The default resolver: staff of the host's practice entries, and what practiceRoles gives the user's roles. */
  async function byDefault(user: PracticeAccessUser): Promise<PracticeAccess> {
    const grants: PracticeAccess[] = [await host.practicesOfStaff(user.id)];
    for (const role of user.roles ?? []) {
      const grant =
        (role.code ? config.practiceRoles[role.code] : undefined) ??
        (role.name ? config.practiceRoles[role.name] : undefined);
      if (grant) grants.push(grant);
    }
    return unionOf(grants);
  }

  const isSuperAdmin = (user: PracticeAccessUser) =>
    (user.roles ?? []).some((role) => role.code === SUPER_ADMIN_CODE);

  const service = {
    /** The user's own practices (the resolver): what "own practice only" means for them. */
    async ownPractices(user: PracticeAccessUser): Promise<PracticeAccess> {
      if (isSuperAdmin(user)) return EVERY_PRACTICE;
      if (config.practiceAccess) return checked(await config.practiceAccess({ user, strapi }));
      return byDefault(user);
    },

    /**
     * The practices the user may act for with this action: every practice
     * when one of their permissions for it has no "own practice" condition,
     * their own practices otherwise, none without the permission.
     */
    async forAction(user: PracticeAccessUser, action: ActionUid): Promise<PracticeAccess> {
      if (isSuperAdmin(user)) return EVERY_PRACTICE;
      const permissions = (await permissionsOf(user)).filter((p) => p.action === actionId(action));
      if (permissions.length === 0) return [];
      if (permissions.some((p) => !(p.conditions ?? []).includes(OWN_PRACTICE_CONDITION_ID)))
        return EVERY_PRACTICE;
      return service.ownPractices(user);
    },

    /** The practices the user may act for with any of the plugin's actions (the practice switcher's list). */
    async forAnyAction(user: PracticeAccessUser): Promise<PracticeAccess> {
      if (isSuperAdmin(user)) return EVERY_PRACTICE;
      const ours = (await permissionsOf(user)).filter((p) =>
        p.action.startsWith(`plugin::${PLUGIN_ID}.`)
      );
      if (ours.length === 0) return [];
      if (ours.some((p) => !(p.conditions ?? []).includes(OWN_PRACTICE_CONDITION_ID)))
        return EVERY_PRACTICE;
      return service.ownPractices(user);
    },

    /**
     * Every practice the installation knows, with its name: the host's
     * practices, every practice with settings, and the default one.
     */
    /**
     * GET /practices/mine: the practices this user may act for (with what
     * each pays per unit, for the live counter) and which one a request
     * without ?practice= acts for.
     */
    async mine(user: PracticeAccessUser) {
      const allowed = await service.forAnyAction(user);
      const known = await service.known();
      const practices =
        allowed === EVERY_PRACTICE
          ? known
          : allowed.map((key) => known.find((p) => p.key === key) ?? { key, name: key });
      const overrides = await getService(strapi, 'settings').priceOverrides();
      const costs = getService(strapi, 'costs');
      return {
        practices: practices.map((practice) => ({
          ...practice,
          unitPriceTenthCents: costs.tariff({ prices: overrides.get(practice.key) ?? null })
            .unitPriceTenthCents,
        })),
        everyPractice: allowed === EVERY_PRACTICE,
        defaultPractice: mayActFor(allowed, config.defaultPractice)
          ? config.defaultPractice
          : (practices[0]?.key ?? null),
      };
    },

    /** The practice of one appointment (published or draft) or client; null when there is none such. */
    async practiceOfRecord(
      kind: 'appointment' | 'client',
      documentId: string
    ): Promise<string | null> {
      if (kind === 'client') return (await host.findClient(documentId))?.practice ?? null;
      const appointment =
        (await host.findAppointment(documentId)) ??
        (host.appointmentsHaveDrafts() ? await host.findAppointmentDraft(documentId) : null);
      return appointment?.practice ?? null;
    },

    async known(): Promise<{ key: string; name: string }[]> {
      const names = new Map<string, string | null>([[config.defaultPractice, null]]);
      for (const { key, name } of await host.practices()) names.set(key, name);
      for (const row of await getService(strapi, 'settings').practices())
        if (!names.get(row.practice)) names.set(row.practice, row.practiceName);
      return [...names]
        .map(([key, name]) => ({ key, name: name || key }))
        .sort((a, b) => a.name.localeCompare(b.name, 'de'));
    },

    /** Registers "own practice only" with Strapi's permission engine (bootstrap; Strapi refuses it later). */
    async registerCondition() {
      await strapi.service('admin::permission').conditionProvider.register({
        displayName: 'Nur eigene Praxis (own practice only)',
        name: OWN_PRACTICE_CONDITION,
        plugin: PLUGIN_ID,
        // Strapi passes the user with the permission being evaluated
        handler: async (user: PracticeAccessUser & { permission?: StoredPermission }) => {
          const own = await service.ownPractices(user);
          if (own === EVERY_PRACTICE) return true;
          const subject = user.permission?.subject;
          const mapping = config.host;
          const filter =
            subject === mapping.client.uid
              ? clientPracticeFilter(mapping, own, config.defaultPractice)
              : subject === mapping.appointment.uid
                ? appointmentPracticeFilter(mapping, own, config.defaultPractice)
                : null;
          // a plugin action (no subject) is scoped by forAction; another type has no practice here
          if (filter) return asRbacCondition(filter);
          return !subject || own.length > 0;
        },
      } as never);
    },
  };
  return service;
};
