import { defineKernel } from './kernel';
import { nanFirstArgMax } from './nan-max';

/** argmax: index of each row's first maximum (the first NaN if any), int32 [N]. */
export const argmaxKernel = defineKernel({
  op: 'argmax',
  run: ([x], _attrs, { tf }) => [nanFirstArgMax(tf, x!)],
});
