import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::record-type.record-type');
