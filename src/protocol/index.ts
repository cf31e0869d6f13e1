export * from './channels.js';
export * from './status.js';
