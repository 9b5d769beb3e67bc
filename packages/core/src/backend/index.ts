export * from './backend';
export * from './registry';
export * from './software-device';
