#!/usr/bin/env bash
# Device side, one call per chunk: copies the chunk this command carried
# (benchmarks/gpu/.payload/<name>) into $BENCH_GPU_HOME/chunks, checks its sha256 against the
# carried SHA256SUMS, and says which chunks are there and which are still missing.
#
#   bash benchmarks/gpu/chunk.sh payload.tar.xz.part-00
#
# Exit 1 when this chunk is absent or damaged (carry it again).
set -u -o pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
name=${1:?usage: chunk.sh <chunk name, e.g. payload.tar.xz.part-00>}
carried=${BENCH_GPU_CARRIED:-$here/.payload} # where the command's carried files land (tests point it elsewhere)
mkdir -p "$CHUNKS"

for f in SHA256SUMS manifest.json; do
  if [ -f "$carried/$f" ]; then cp "$carried/$f" "$CHUNKS/$f.tmp" && mv "$CHUNKS/$f.tmp" "$CHUNKS/$f"; fi
done
if [ ! -f "$CHUNKS/SHA256SUMS" ]; then
  say "chunk.sh: no SHA256SUMS in $carried or $CHUNKS: carry benchmarks/gpu/.payload/SHA256SUMS with the chunk"
  exit 1
fi
if [ -f "$carried/$name" ]; then
  cp "$carried/$name" "$CHUNKS/$name.tmp" && mv "$CHUNKS/$name.tmp" "$CHUNKS/$name"
elif [ ! -f "$CHUNKS/$name" ]; then
  say "chunk.sh: $name was not carried ($carried/$name missing) and is not in $CHUNKS"
  exit 1
fi
if ! (cd "$CHUNKS" && grep "  $name\$" SHA256SUMS | sha256sum -c --quiet -); then
  say "chunk.sh: $name is damaged (sha256 differs from SHA256SUMS); carry it again"
  rm -f "$CHUNKS/$name"
  exit 1
fi

have=() missing=()
while read -r _ part; do
  case $part in *.part-*) ;; *) continue ;; esac
  if [ -f "$CHUNKS/$part" ]; then have+=("$part"); else missing+=("$part"); fi
done <"$CHUNKS/SHA256SUMS"
total=$((${#have[@]} + ${#missing[@]}))
say "chunk $name ok ($(stat -c %s "$CHUNKS/$name") bytes) in $CHUNKS; chunks here: ${#have[@]} of $total${missing[*]:+; missing: ${missing[*]}}"
