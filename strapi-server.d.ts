// Types for hosts whose tsconfig resolves without package exports (a Strapi app's default, moduleResolution "Node").
export * from './dist/server/src/index';
export { default } from './dist/server/src/index';
