/** CIFAR-10 facts shared by the binary reader, the downloader and the HDF5 converter. */

/** The ten classes in label order (as in the official `batches.meta.txt`). */
export const CIFAR10_CLASSES: readonly string[] = [
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
];

/** Bytes of one image: 32 x 32 x 3. */
export const CIFAR10_IMAGE_BYTES = 32 * 32 * 3;

/** Bytes of one record of the binary version: one label byte, then the R, G and B planes. */
export const CIFAR10_RECORD_BYTES = 1 + CIFAR10_IMAGE_BYTES;

/** Training files of the binary version (10,000 records each). */
export const CIFAR10_TRAIN_FILES: readonly string[] = [
  'data_batch_1.bin',
  'data_batch_2.bin',
  'data_batch_3.bin',
  'data_batch_4.bin',
  'data_batch_5.bin',
];

/** Test file of the binary version (10,000 records). */
export const CIFAR10_TEST_FILES: readonly string[] = ['test_batch.bin'];

/** The folder the official archive extracts to. */
export const CIFAR10_FOLDER = 'cifar-10-batches-bin';

/** The official archive of the binary version. */
export const CIFAR10_URL = 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz';

/** MD5 of the official archive, as published on the CIFAR page. */
export const CIFAR10_MD5 = 'c32a1d4ab5d03f1284b67883e8d87530';

/** File name of the archive in the cache folder. */
export const CIFAR10_ARCHIVE = 'cifar-10-binary.tar.gz';

/** Which part of a data set: the training or the test/validation images. */
export type Split = 'train' | 'test';
