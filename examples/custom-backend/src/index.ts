/** The `naive-js` example backend: what `bench` loads through bench.config.json or `--adapter`. */
export { NAIVE_KERNELS, backends, createNaiveBackend } from './naive-backend';
