export { ModeFallbackError } from './mode-fallback-error';
