import { existsSync, readFileSync, readdirSync } from 'node:fs';

/**
 * What headless-gl renders with, for probe results. headless-gl runs ANGLE on the system's
 * OpenGL (GLX) and hides the real renderer (its RENDERER is just "ANGLE", without the debug
 * renderer extension), so this reads which GL driver the process has mapped once a context
 * exists: Mesa without a /dev/dri render node can only be llvmpipe, i.e. the CPU.
 */
export function describeGlDevice(): string {
  let libs: string[] = [];
  try {
    libs = readFileSync('/proc/self/maps', 'utf8')
      .split('\n')
      .map((line) => line.split(/\s+/)[5] ?? '')
      .filter((path) => path.length > 0);
  } catch {
    return 'headless-gl (ANGLE on the system OpenGL)';
  }
  if (libs.some((l) => /libGLX_nvidia|libnvidia-glcore/.test(l)))
    return 'headless-gl (ANGLE on NVIDIA OpenGL)';
  if (libs.some((l) => /libGLX_mesa|libgallium|_dri\.so/.test(l)))
    return hasRenderNode()
      ? 'headless-gl (ANGLE on Mesa OpenGL, GPU render node present)'
      : 'headless-gl (ANGLE on Mesa llvmpipe: software OpenGL, no /dev/dri render node)';
  return 'headless-gl (ANGLE on the system OpenGL)';
}

function hasRenderNode(): boolean {
  try {
    return existsSync('/dev/dri') && readdirSync('/dev/dri').some((n) => n.startsWith('renderD'));
  } catch {
    return false;
  }
}
