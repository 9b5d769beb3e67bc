/**
 * Which WebGPU adapter Dawn (webgpu@0.3.10) finds here, as one JSON line; the runner tries its
 * Vulkan set-ups in turn until this names an NVIDIA adapter. Exit 1 when there is none.
 */
const { create, globals } = await import('webgpu');
Object.assign(globalThis, globals);
const gpu = create([]);
const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
const info = adapter ? adapter.info : undefined;
console.log(
  JSON.stringify(
    info
      ? {
          vendor: info.vendor,
          architecture: info.architecture,
          device: info.device,
          description: info.description,
        }
      : { adapter: null },
  ),
);
process.exit(adapter ? 0 : 1);
