export * from './fastai-table';
export * from './trainer';
export * from './fine-tune';
export * from './compile-session';
export * from './diverged-error';
