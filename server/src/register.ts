import type { Core } from '@strapi/strapi';
import { checkHostMapping, formatMappingProblems, type SchemaLookup } from './domain/host-mapping';
import { pluginConfig } from './utils/plugin-config';

/**
 * Fail fast: a host mapping that names a content type or attribute the app
 * does not have would only surface at the first send. Stop Strapi here, with
 * the config key in the message.
 */
const assertHostMapping = (strapi: Core.Strapi) => {
  const lookup: SchemaLookup = (uid) => {
    const contentType = strapi.contentTypes[uid as keyof typeof strapi.contentTypes];
    return contentType as unknown as ReturnType<SchemaLookup>;
  };
  const problems = checkHostMapping(pluginConfig(strapi).host, lookup);
  if (problems.length > 0) throw new Error(formatMappingProblems(problems));
};

const register = ({ strapi }: { strapi: Core.Strapi }) => {
  assertHostMapping(strapi);
};

export default register;
