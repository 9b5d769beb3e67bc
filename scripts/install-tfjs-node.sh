#!/usr/bin/env bash
# Repo/CI entry for the tfjs-node engine: installs @tensorflow/tfjs-node from the npm registry
# with its install script skipped (that script would fetch libtensorflow 2.9.1 from Google
# storage), without touching package.json or the lockfile (it stays an optional peer), then runs
# packages/adapter-tfjs-node/scripts/install-tfjs-node.sh: libtensorflow from PyPI's
# tensorflow-cpu wheel (cached under ~/.cache/bench), the addon built from source, symbols checked.
set -euo pipefail
cd "$(dirname "$0")/.."

TFJS_NODE_VERSION=4.22.0
installed="$(node -p "try { require('@tensorflow/tfjs-node/package.json').version } catch { '' }")"
if [ "$installed" != "$TFJS_NODE_VERSION" ]; then
  echo "install-tfjs-node: npm install --no-save --ignore-scripts @tensorflow/tfjs-node@$TFJS_NODE_VERSION"
  npm install --no-save --ignore-scripts --no-audit --no-fund "@tensorflow/tfjs-node@$TFJS_NODE_VERSION"
fi
exec packages/adapter-tfjs-node/scripts/install-tfjs-node.sh node_modules/@tensorflow/tfjs-node
