#!/bin/sh
# ApplicationStop: stops the demo-web server of this host, if one runs.
run="$FLEETDEPLOY_ROOT/var/run/demo-web"

# Whether $1 is a live server started with this host's port file: a recycled pid may belong to
# anything else, and an exited process that is not reaped yet (a zombie) has no command line.
ours() {
  command="$(tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null || ps -o args= -p "$1" 2>/dev/null)"
  case "$command" in
    *"<defunct>"*) return 1 ;;
    *"$run/port"*) return 0 ;;
    *) return 1 ;;
  esac
}

if [ ! -f "$run/server.pid" ]; then
  echo "demo-web is not running here"
  exit 0
fi
pid="$(cat "$run/server.pid")"
if ours "$pid"; then
  kill "$pid"
  i=0
  while ours "$pid"; do
    i=$((i + 1))
    if [ "$i" -gt 50 ]; then
      echo "demo-web (pid $pid) ignored SIGTERM for 5 s: killing it"
      kill -9 "$pid"
      break
    fi
    sleep 0.1
  done
  echo "stopped demo-web (pid $pid)"
else
  echo "demo-web is not running here (pid $pid is gone)"
fi
rm -f "$run/server.pid" "$run/port"
