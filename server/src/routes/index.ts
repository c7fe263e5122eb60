import admin from './admin';
import contentApi from '../outbox/routes';

export default {
  admin,
  'content-api': contentApi,
};
