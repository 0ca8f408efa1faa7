#!/usr/bin/env bash
# Installs the Node.js tools the asset tests and benchmark compare against
# (the Khronos glTF-Validator, meshoptimizer's gltfpack) into
# BUILD/node_modules, where tests/asset and bench/asset look for them.
# Without npm it says so and leaves them out: those tests then SKIP.
#
# Usage: .ci/npm-deps.sh [BUILD_DIR]   (default: $ATELIER_BUILD_DIR or _build)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-${ATELIER_BUILD_DIR:-_build}}
case "$build" in /*) ;; *) build="$here/$build" ;; esac

# Pinned: the figures in the reports were measured with these.
packages=(gltf-validator@2.0.0-dev.3.10 gltfpack@1.3.0)

if ! command -v npm >/dev/null 2>&1; then
  echo "npm not found: glTF-Validator and gltfpack comparisons will be skipped" >&2
  exit 0
fi

mkdir -p "$build"
have_all=1
for p in "${packages[@]}"; do
  name=${p%@*}
  version=${p##*@}
  installed=$(node -p "try { require('$build/node_modules/$name/package.json').version } catch (e) { '' }" 2>/dev/null || true)
  [ "$installed" = "$version" ] || have_all=0
done
if [ "$have_all" = 1 ]; then
  exit 0
fi

echo "Installing into $build/node_modules: ${packages[*]}"
npm install --prefix "$build" --no-audit --no-fund --no-save --loglevel=error "${packages[@]}"
