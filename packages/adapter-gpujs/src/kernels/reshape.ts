import { defineKernel } from './kernel';

/** reshape: no launch; the output shares the input's device buffer (row-major order is unchanged). */
export const reshapeKernel = defineKernel({
  op: 'reshape',
  build() {
    return async ([x]) => [x!.buffer];
  },
});
