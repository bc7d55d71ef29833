#!/usr/bin/env bash
# Runs the benchmark series of docs/benchmarks.md: one JSON file per row, and index.txt with each
# command line and what /usr/bin/time counted for it. Run from the directory to write into;
# JAR points at the built jar (lib/ beside it). The whole series takes about 75 minutes on 2 cores.
set -u
JAR=${JAR:-$(dirname "$0")/../../devtools/target/fleetdeploy.jar}
run() { # name, java options, bench args...
  local name=$1 jopts=$2; shift 2
  echo "== $name: java $jopts -jar fleetdeploy.jar bench $* --output json" >> index.txt
  /usr/bin/time -f "TOTAL $name wall=%e s user=%U s sys=%S s maxrss=%M KiB" \
    java $jopts -jar "$JAR" bench "$@" --output json > "$name.json" 2> "$name.err"
  echo "rc=$? $(grep TOTAL "$name.err")" >> index.txt
}
date -u +"start %FT%TZ" >> index.txt
for n in 10 100; do
  for cfg in OneAtATime HalfAtATime AllAtOnce; do
    for h in 0 200; do run "$cfg-$n-$h" "" --instances $n --config $cfg --hook-ms $h --runs 3; done
  done
done
run "HalfAtATime-100-200-throttle20" "" --instances 100 --config HalfAtATime --hook-ms 200 --throttle-percent 20 --runs 3
for cfg in HalfAtATime AllAtOnce; do
  for h in 0 200; do run "$cfg-1000-$h" "" --instances 1000 --config $cfg --hook-ms $h --runs 1; done
done
for cfg in HalfAtATime AllAtOnce; do
  for h in 0 200; do run "$cfg-5000-$h" "-Xmx512m" --instances 5000 --config $cfg --hook-ms $h --runs 1 --timeout 3600; done
done
date -u +"finished %FT%TZ" >> index.txt
