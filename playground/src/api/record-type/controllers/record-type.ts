import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::record-type.record-type');
