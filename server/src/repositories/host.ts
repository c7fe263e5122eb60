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

  return {
    async findClient(documentId: string): Promise<HostClient | null> {
      const doc = await strapi.documents(host.client.uid as any).findOne({ documentId });
      return doc ? clientFromDoc(doc as Record<string, any>) : null;
    },
  };
};
