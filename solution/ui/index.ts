/** Forms, views and the app, as typed data the packer turns into customizations.xml. */
export * from './types';
export { APP } from './app';
export { FORMS } from './forms';
export { VIEWS, CUSTOM_VIEWS, DEFAULT_VIEWS, viewKey } from './views';
export * from './charts';
