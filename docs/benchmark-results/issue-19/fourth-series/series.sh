#!/bin/bash
# Issue 19, fourth series: modelled hosts; one JSON file per row. Run from the directory holding new/fleetdeploy.jar.
J="java -Xmx1g -jar new/fleetdeploy.jar bench --hosts modelled --output json"
run() { name=$1; shift; echo "$(date -u +%H:%M:%S) start $name: $J $*" >> index.txt; uptime >> index.txt
  /usr/bin/time -v $J "$@" > $name.json 2> $name.err; echo "$(date -u +%H:%M:%S) end $name rc=$?" >> index.txt; grep -E "Maximum resident|User time|System time|Elapsed" $name.err >> index.txt; uptime >> index.txt; }
for target in "$@"; do
  case $target in
    one-group) run one-group-20 --instances 20 --groups 1 --config HalfAtATime --hook-ms 200 --runs 3 ;;
    fifty-groups) run groups-50 --instances 1000 --groups 50 --config HalfAtATime --hook-ms 200 --runs 3 --timeout 600 ;;
    half-1000) run half-1000-200 --instances 1000 --config HalfAtATime --hook-ms 200 --runs 5 ;;
    half-10000) run half-10000-200 --instances 10000 --config HalfAtATime --hook-ms 200 --runs 2 --timeout 1200 ;;
    one-100) run one-100-0 --instances 100 --config OneAtATime --hook-ms 0 --runs 3 ;;
    one-5000) run one-5000-0 --instances 5000 --config OneAtATime --hook-ms 0 --runs 1 --timeout 3000 ;;
    half-50000) run half-50000-200 --instances 50000 --config HalfAtATime --hook-ms 200 --runs 1 --timeout 2400 ;;
  esac
done
