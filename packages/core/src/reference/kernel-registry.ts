/**
 * Op name -> kernel lookup for the reference executor. A missing kernel is an UnsupportedOpError
 * naming the op and the backend.
 */
import { BenchError, UnsupportedOpError } from '../errors';
import type { OpName } from '../ir/ops';
import type { AnyKernelConfig, KernelConfig } from './kernel';

/**
 * A set of kernels by op name. Registering the same config twice is a no-op; a different config
 * for an op already registered throws (build a new registry to replace a kernel).
 */
export class KernelRegistry {
  private readonly kernels = new Map<OpName, AnyKernelConfig>();

  /** Creates a registry holding `configs`; `backend` names the owner in error messages. */
  constructor(
    configs: readonly AnyKernelConfig[] = [],
    readonly backend = 'reference',
  ) {
    for (const c of configs) this.register(c);
  }

  /** Adds a kernel; throws BenchError if the op already has a different kernel. */
  register(config: AnyKernelConfig): void {
    const existing = this.kernels.get(config.op);
    if (existing === config) return;
    if (existing) {
      throw new BenchError(
        'BenchError.DuplicateKernel',
        `backend "${this.backend}" already has a kernel for op "${config.op}"; build a new KernelRegistry to replace it`,
      );
    }
    this.kernels.set(config.op, config);
  }

  /** The kernel of an op; throws UnsupportedOpError when there is none. */
  get<K extends OpName>(op: K): KernelConfig<K> {
    const k = this.kernels.get(op);
    if (!k) throw new UnsupportedOpError(op, this.backend, 'no kernel is registered for it');
    return k as unknown as KernelConfig<K>;
  }

  /** Ops with a kernel. */
  ops(): OpName[] {
    return [...this.kernels.keys()];
  }
}
