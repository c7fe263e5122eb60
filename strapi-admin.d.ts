// Types for hosts whose tsconfig resolves without package exports (a Strapi app's default, moduleResolution "Node").
export * from './dist/admin/src/index';
export { default } from './dist/admin/src/index';
