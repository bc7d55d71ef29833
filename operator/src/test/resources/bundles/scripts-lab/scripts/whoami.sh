#!/bin/sh
mkdir -p "$FLEETDEPLOY_ROOT/tmp"
id -un > "$FLEETDEPLOY_ROOT/tmp/whoami.txt"
