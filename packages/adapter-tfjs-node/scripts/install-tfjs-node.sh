#!/usr/bin/env bash
# Gives an installed @tensorflow/tfjs-node 4.x a working libtensorflow without Google storage:
# fetches a pinned tensorflow-cpu wheel from PyPI (cached), unpacks only its C libraries and the
# C API headers into the package's deps/, builds the addon from source with node-gyp and checks
# that every TF_*/TFE_* symbol the addon imports is exported by the wheel's libraries.
#
# Usage: install-tfjs-node.sh [path/to/node_modules/@tensorflow/tfjs-node]
#   Default: the package as resolved from the current directory. Install it first with its own
#   install script skipped: npm install --ignore-scripts @tensorflow/tfjs-node@4.22.0
# Needs: python3 with pip, g++, make, binutils (nm), network access to PyPI unless the wheel is
# already cached. Environment:
#   BENCH_TF_VERSION      tensorflow-cpu version (default below; see README for why)
#   BENCH_TF_PACKAGE      the PyPI package (default tensorflow-cpu). `tensorflow` is the CUDA 12
#                         build, for @tensorflow/tfjs-node-gpu: untested (see adapter-tfjs-cuda)
#   BENCH_TF_WHEEL_CACHE  wheel cache dir (default ${XDG_CACHE_HOME:-~/.cache}/bench/tensorflow-wheels)
set -euo pipefail

# 2.20.0: newest tensorflow-cpu with a manylinux2014 (glibc >= 2.17) wheel whose libtensorflow
# honours TF_CPP_MIN_LOG_LEVEL; see packages/adapter-tfjs-node/README.md for what was checked.
TF_VERSION="${BENCH_TF_VERSION:-2.20.0}"
TF_PACKAGE="${BENCH_TF_PACKAGE:-tensorflow-cpu}"
CACHE="${BENCH_TF_WHEEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/bench/tensorflow-wheels}"

die() { echo "install-tfjs-node: $*" >&2; exit 1; }

[ "$(uname -s)" = Linux ] && [ "$(uname -m)" = x86_64 ] ||
  die "only linux x86_64 is supported by this route (found $(uname -s) $(uname -m)); use npm install @tensorflow/tfjs-node with internet access instead"

PKG_DIR="${1:-}"
if [ -z "$PKG_DIR" ]; then
  PKG_DIR="$(node -p "require('path').dirname(require.resolve('@tensorflow/tfjs-node/package.json'))" 2>/dev/null)" ||
    die "@tensorflow/tfjs-node is not installed here ($PWD); run: npm install --ignore-scripts @tensorflow/tfjs-node@4.22.0"
fi
[ -f "$PKG_DIR/scripts/deps-constants.js" ] || die "$PKG_DIR is not an @tensorflow/tfjs-node package (no scripts/deps-constants.js)"
PKG_DIR="$(cd "$PKG_DIR" && pwd)"
PKG_NAME="$(node -p "require(process.argv[1]).name" "$PKG_DIR/package.json")"
# The project whose node_modules holds the package: npm rebuild runs there.
PROJECT_DIR="$(cd "$PKG_DIR" && node -p "process.cwd().replace(/\/node_modules\/.*$/, '')")"

PYTHON="${PYTHON:-python3}"
command -v "$PYTHON" >/dev/null || die "python3 is needed (for pip and to unpack the wheel)"
command -v nm >/dev/null || die "nm (binutils) is needed to check the library's symbols"

# 1. The wheel, cached. The C libraries do not depend on the Python ABI: pin one tag so every
#    machine fetches the same file whatever its own python3 is.
WHEEL_GLOB="${TF_PACKAGE//-/_}-${TF_VERSION}-cp311-cp311-manylinux*_x86_64*.whl"
mkdir -p "$CACHE"
wheel="$(find "$CACHE" -maxdepth 1 -name "$WHEEL_GLOB" | head -n 1)"
if [ -z "$wheel" ]; then
  "$PYTHON" -m pip --version >/dev/null 2>&1 || die "pip is missing: apt-get install python3-pip (or python3 -m ensurepip)"
  echo "install-tfjs-node: downloading $TF_PACKAGE==$TF_VERSION from PyPI into $CACHE"
  "$PYTHON" -m pip download --disable-pip-version-check --no-deps --only-binary=:all: \
    --platform manylinux2014_x86_64 --platform manylinux_2_17_x86_64 \
    --python-version 3.11 --implementation cp --abi cp311 \
    "$TF_PACKAGE==$TF_VERSION" -d "$CACHE" ||
    die "pip could not download $TF_PACKAGE==$TF_VERSION (is PyPI reachable?)"
  wheel="$(find "$CACHE" -maxdepth 1 -name "$WHEEL_GLOB" | head -n 1)"
  [ -n "$wheel" ] || die "pip finished but no $WHEEL_GLOB is in $CACHE"
else
  echo "install-tfjs-node: using cached $wheel"
fi

# 2. deps/: the two libraries, the C API headers, and the names binding.gyp and install.js use.
eval "$(cd "$PKG_DIR" && node -e "
  const c = require('./scripts/deps-constants.js');
  console.log('DEPS=' + JSON.stringify(c.depsPath));
  console.log('MARKER=' + JSON.stringify(c.depsLibTensorFlowName));
  console.log('MARKER_FW=' + JSON.stringify(c.depsLibTensorFlowFrameworkName));
")"
rm -rf "$DEPS"
mkdir -p "$DEPS/lib" "$DEPS/include"
"$PYTHON" - "$wheel" "$DEPS" <<'PY'
import os, shutil, sys, zipfile
wheel, deps = sys.argv[1], sys.argv[2]
libs = {"tensorflow/libtensorflow_cc.so.2", "tensorflow/libtensorflow_framework.so.2"}
# c_api.h, eager/c_api.h and what they include (checked with g++ -M on the binding's sources)
headers = ("tensorflow/c/", "tensorflow/core/platform/ctstring", "tsl/platform/ctstring", "xla/tsl/c/")
n = 0
with zipfile.ZipFile(wheel) as z:
    for info in z.infolist():
        name = info.filename
        if name in libs:
            dest = f"{deps}/lib/{name.split('/')[-1]}"
        elif name.startswith("tensorflow/include/") and name.endswith(".h") and name[len("tensorflow/include/"):].startswith(headers):
            dest = f"{deps}/include/{name[len('tensorflow/include/'):]}"
        else:
            continue
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with z.open(info) as src, open(dest, "wb") as out:
            shutil.copyfileobj(src, out, 1 << 20)
        n += 1
missing = [l for l in libs if not os.path.exists(f"{deps}/lib/{l.split('/')[-1]}")]
if missing:
    sys.exit(f"the wheel {wheel} lacks {missing}")
print(f"install-tfjs-node: unpacked {n} files into {deps}")
PY
(
  cd "$DEPS/lib"
  # binding.gyp links -ltensorflow -ltensorflow_framework; the addon then records the wheel's
  # sonames (libtensorflow_cc.so.2, libtensorflow_framework.so.2) and finds them by its rpath.
  ln -s libtensorflow_cc.so.2 libtensorflow.so
  ln -s libtensorflow_framework.so.2 libtensorflow_framework.so
  # install.js skips its own download when these (libtensorflow 2.9.1's names) exist.
  ln -s libtensorflow_cc.so.2 "$MARKER"
  ln -s libtensorflow_framework.so.2 "$MARKER_FW"
)
[ -f "$DEPS/include/tensorflow/c/c_api.h" ] && [ -f "$DEPS/include/tensorflow/c/eager/c_api.h" ] ||
  die "the wheel has no tensorflow/include/tensorflow/c/{c_api.h,eager/c_api.h}"

# 3. The addon from source. node-gyp needs Node's headers: use the ones beside this node
#    (no download from nodejs.org) where they exist.
node_prefix="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
if [ -z "${npm_config_nodedir:-}" ] && [ -f "$node_prefix/include/node/node.h" ]; then
  export npm_config_nodedir="$node_prefix"
fi
rm -rf "$PKG_DIR/lib" "$PKG_DIR/build"
echo "install-tfjs-node: building the addon from source in $PKG_DIR"
(cd "$PROJECT_DIR" && npm_config_build_from_source=true npm rebuild "$PKG_NAME" --foreground-scripts) ||
  die "building the addon failed (needs g++, make and python3; Node headers from npm_config_nodedir or nodejs.org)"
binding="$(find "$PKG_DIR/lib" -name tfjs_binding.node | head -n 1)"
[ -n "$binding" ] || die "no tfjs_binding.node under $PKG_DIR/lib after the build"

# 4. Every TF_*/TFE_* symbol the addon imports must be exported by the wheel's libraries.
used="$(nm -D --undefined-only "$binding" | awk '{print $2}' | sed 's/@.*//' | grep -E '^TFE?_' | sort -u)"
defined="$( (nm -D --defined-only "$DEPS/lib/libtensorflow_cc.so.2"; nm -D --defined-only "$DEPS/lib/libtensorflow_framework.so.2") |
  awk '{print $3}' | sed 's/@.*//' | sort -u)"
missing="$(comm -23 <(echo "$used") <(echo "$defined"))"
[ -z "$missing" ] || die "$TF_PACKAGE $TF_VERSION does not export these symbols the addon uses: $(echo $missing)"
echo "install-tfjs-node: all $(echo "$used" | wc -l) TF_/TFE_ symbols the addon imports are exported"

# 5. Load it once.
version="$(cd "$PROJECT_DIR" && TF_CPP_MIN_LOG_LEVEL=2 node -e "
  const tf = require(process.argv[1]);
  const v = tf.backend().binding.TF_Version;
  const s = tf.tensor([[1, 2], [3, 4]]).matMul(tf.eye(2)).sum().dataSync()[0];
  if (s !== 10) throw new Error('a 2x2 matmul gave ' + s);
  console.log(v);
" "$PKG_DIR")" || die "the built addon does not load or compute (see above)"
echo "install-tfjs-node: $PKG_NAME runs on libtensorflow $version from $TF_PACKAGE $TF_VERSION"
