/**
 * The zod schema of a ModelSpec (structure and value ranges only; shapes are checked by
 * `inferShapes`). Objects are strict, so a misspelt field (`unit` for `units`) is an error
 * rather than a silently ignored key.
 */
import { z } from 'zod';
import type { Layer, ModelSpec } from './model-spec';

const positiveInt = z.number().int().positive();
const pair = z.union([positiveInt, z.tuple([positiveInt, positiveInt])]);
const nonNegativeInt = z.number().int().nonnegative();
const padding = z.union([
  z.enum(['same', 'valid']),
  z.tuple([nonNegativeInt, nonNegativeInt, nonNegativeInt, nonNegativeInt]),
]);
/** Layer names become value-name prefixes (`<layer>/kernel`), so `/` and spaces are not allowed. */
const name = z
  .string()
  .regex(/^[A-Za-z0-9_.-]+$/, 'a layer name may use only letters, digits, "_", "." and "-"')
  .optional();

const dense = z
  .object({ type: z.literal('dense'), units: positiveInt, name, useBias: z.boolean().optional() })
  .strict();
const conv2d = z
  .object({
    type: z.literal('conv2d'),
    filters: positiveInt,
    kernelSize: pair,
    strides: pair.optional(),
    padding: padding.optional(),
    groups: positiveInt.optional(),
    name,
    useBias: z.boolean().optional(),
  })
  .strict();
const maxPool2d = z
  .object({
    type: z.literal('maxPool2d'),
    poolSize: pair,
    strides: pair.optional(),
    padding: padding.optional(),
    name,
  })
  .strict();
const avgPool2d = z
  .object({
    type: z.literal('avgPool2d'),
    poolSize: pair,
    strides: pair.optional(),
    padding: padding.optional(),
    name,
  })
  .strict();
const globalAvgPool2d = z.object({ type: z.literal('globalAvgPool2d'), name }).strict();
const batchNorm = z
  .object({
    type: z.literal('batchNorm'),
    name,
    epsilon: z.number().positive().optional(),
    momentum: z.number().min(0).max(1).optional(),
  })
  .strict();
const clip = z.object({ type: z.literal('clip'), min: z.number(), max: z.number(), name }).strict();
const flatten = z.object({ type: z.literal('flatten'), name }).strict();
const relu = z.object({ type: z.literal('relu'), name }).strict();
const dropout = z
  .object({
    type: z.literal('dropout'),
    rate: z.number().min(0, 'dropout rate must be in [0, 1)').lt(1, 'dropout rate must be in [0, 1)'),
    name,
    seed: z.number().int().nonnegative().max(0xffffffff).optional(),
  })
  .strict();
const softmax = z.object({ type: z.literal('softmax'), name }).strict();

/** Schema of one layer (recursive through `residual`). */
export const layerSchema: z.ZodType<Layer> = z.lazy(() =>
  z.discriminatedUnion('type', [
    dense,
    conv2d,
    maxPool2d,
    avgPool2d,
    globalAvgPool2d,
    batchNorm,
    clip,
    flatten,
    relu,
    dropout,
    z
      .object({
        type: z.literal('residual'),
        layers: z.array(layerSchema).min(1),
        shortcut: z.array(layerSchema).min(1).optional(),
        name,
      })
      .strict(),
    softmax,
  ]),
) as z.ZodType<Layer>;

/** Schema of a whole ModelSpec. */
export const modelSpecSchema: z.ZodType<ModelSpec> = z
  .object({
    specVersion: z.literal(1),
    name: z.string().min(1),
    input: z.object({ shape: z.array(positiveInt).min(1).max(3) }).strict(),
    layers: z.array(layerSchema).min(1),
    groups: z.record(z.array(z.string())).optional(),
  })
  .strict() as z.ZodType<ModelSpec>;
