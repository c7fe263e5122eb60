/**
 * Reads the practice's own data (clients, appointments) through the host
 * mapping, so no other plugin code knows the host's attribute names.
 */
import type { Core } from '@strapi/strapi';
import { pluginConfig } from '../utils/plugin-config';

export interface HostClient {
  documentId: string;
  firstName: string;
  lastName: string;
  salutation: string | null;
  formalAddress: boolean;
  mobile: string | null;
  email: string | null;
  threemaId: string | null;
  language: string | null;
}

export interface HostAppointment {
  documentId: string;
  start: string;
  end: string | null;
  status: string;
  cancelled: boolean;
  location: string | null;
  online: boolean;
  onlineLink: string | null;
  client: HostClient | null;
}

export const hostRepository = (strapi: Core.Strapi) => {
  const { host } = pluginConfig(strapi);

  const clientFromDoc = (doc: Record<string, any>): HostClient => {
    const f = host.client.fields;
    return {
      documentId: doc.documentId,
      firstName: doc[f.firstName] ?? '',
      lastName: doc[f.lastName] ?? '',
      salutation: f.salutation ? (doc[f.salutation] ?? null) : null,
      formalAddress: f.formalAddress ? doc[f.formalAddress] !== false : true,
      mobile: doc[f.mobile] ?? null,
      email: doc[f.email] ?? null,
      threemaId: f.threemaId ? (doc[f.threemaId] ?? null) : null,
      language: f.language ? (doc[f.language] ?? null) : null,
    };
  };

  const longest = (values: unknown[]): string | null =>
    values.reduce<string | null>((best, value) => (typeof value === 'string' && value.length > (best?.length ?? 0) ? value : best), null);

  return {
    /**
     * The longest names and locations in the practice's data, for the
     * worst-case length of a template. Reads only the few columns it needs.
     */
    async longestValues(): Promise<{ firstName: string | null; lastName: string | null; location: string | null }> {
      const f = host.client.fields;
      const clients = (await strapi.db.query(host.client.uid as any).findMany({ select: [f.firstName, f.lastName] })) as Record<string, unknown>[];
      const locationField = host.appointment.fields.location;
      const appointments = locationField
        ? ((await strapi.db.query(host.appointment.uid as any).findMany({ select: [locationField] })) as Record<string, unknown>[])
        : [];
      return {
        firstName: longest(clients.map((c) => c[f.firstName])),
        lastName: longest(clients.map((c) => c[f.lastName])),
        location: locationField ? longest(appointments.map((a) => a[locationField])) : null,
      };
    },

    async findAppointment(documentId: string): Promise<HostAppointment | null> {
      const f = host.appointment.fields;
      const doc = (await strapi.documents(host.appointment.uid as any).findOne({ documentId, populate: [f.client] as any })) as Record<string, any> | null;
      if (!doc) return null;
      const mode = f.mode ? doc[f.mode] : undefined;
      return {
        documentId: doc.documentId,
        start: doc[f.start],
        end: doc[f.end],
        status: doc[f.status],
        cancelled: doc[f.status] === host.appointment.statusValues.cancelled,
        location: f.location ? (doc[f.location] ?? null) : null,
        online: mode === true || (host.appointment.onlineValue !== undefined && mode === host.appointment.onlineValue),
        onlineLink: f.onlineLink ? (doc[f.onlineLink] ?? null) : null,
        client: doc[f.client] ? clientFromDoc(doc[f.client]) : null,
      };
    },

    /** The next appointments from now, with their clients, for pickers in the admin. */
    async upcomingAppointments(limit: number): Promise<HostAppointment[]> {
      const f = host.appointment.fields;
      const docs = (await strapi.documents(host.appointment.uid as any).findMany({
        filters: { [f.start]: { $gte: new Date().toISOString() } } as any,
        sort: { [f.start]: 'asc' } as any,
        limit,
        populate: [f.client] as any,
      })) as Record<string, any>[];
      return Promise.all(docs.map(async (doc) => (await this.findAppointment(doc.documentId))!));
    },

    async findClient(documentId: string): Promise<HostClient | null> {
      const doc = await strapi.documents(host.client.uid as any).findOne({ documentId });
      return doc ? clientFromDoc(doc as Record<string, any>) : null;
    },
  };
};
