export * from './fastai-table';
export * from './trainer';
export * from './fine-tune';
