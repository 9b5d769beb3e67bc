export * from './fastai-table';
export * from './trainer';
