/**
 * @bench/adapter-tfjs/testing: helpers for the tests of packages built on this adapter
 * (tfjs-node, tfjs-cuda). Not part of the runtime API.
 */
export { writeFailingNativeStub } from './native/stub-native-package';
