#!/bin/bash
# Runs the issue 19 benchmark series with modelled hosts; one JSON file per row.
cd /tmp/sb
J="java -Xmx1g -jar new/fleetdeploy.jar bench --hosts modelled --output json"
run() { name=$1; shift; echo "$(date -u +%H:%M:%S) start $name: $J $*" >> index.txt; uptime >> index.txt
  /usr/bin/time -v $J "$@" > $name.json 2> $name.err; echo "$(date -u +%H:%M:%S) end $name rc=$?" >> index.txt; grep -E "Maximum resident|User time|System time|Elapsed" $name.err >> index.txt; uptime >> index.txt; }
run one-100-0 --instances 100 --config OneAtATime --hook-ms 0 --runs 3
run half-1000-200 --instances 1000 --config HalfAtATime --hook-ms 200 --runs 3
run half-10000-200 --instances 10000 --config HalfAtATime --hook-ms 200 --runs 2 --timeout 1200
run groups-200 --instances 2000 --groups 200 --config HalfAtATime --hook-ms 200 --runs 2 --timeout 1200
run half-50000-200 --instances 50000 --config HalfAtATime --hook-ms 200 --runs 1 --timeout 2400
