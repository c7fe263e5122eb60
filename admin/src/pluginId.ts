export const PLUGIN_ID = 'messaging';
