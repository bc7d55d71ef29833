#!/bin/sh
# ApplicationStart: starts the server in the background. Its output goes to a log file, never to
# this script's stdout/stderr: a background process holding them would keep the hook from ending.
set -e
site="$FLEETDEPLOY_ROOT/opt/demo-web"
run="$FLEETDEPLOY_ROOT/var/run/demo-web"
logs="$FLEETDEPLOY_ROOT/var/log/demo-web"
mkdir -p "$run" "$logs"
rm -f "$run/port"
nohup python3 "$site/server.py" --site "$site" --release "$FLEETDEPLOY_ROOT/etc/demo-web/release.json" \
  --port-file "$run/port" >>"$logs/server.log" 2>&1 </dev/null &
pid=$!
echo "$pid" >"$run/server.pid"
i=0
while [ ! -s "$run/port" ]; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "demo-web exited while starting; the end of $logs/server.log:" >&2
    tail -n 5 "$logs/server.log" >&2
    exit 1
  fi
  i=$((i + 1))
  if [ "$i" -gt 100 ]; then
    echo "demo-web did not listen within 10 s" >&2
    exit 1
  fi
  sleep 0.1
done
echo "demo-web $(cat "$site/VERSION") listens on http://127.0.0.1:$(cat "$run/port")/ (pid $pid)"
