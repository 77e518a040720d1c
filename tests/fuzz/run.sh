#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for a bounded time,
# starting from its seed corpus (tests/fuzz/corpus/<target>/, plus the fixture documents'
# text). Exit status 0 only if no target found a crash, a leak, a timeout or an out-of-memory.
#
#   tests/fuzz/run.sh BUILD_DIR [SECONDS_PER_TARGET]     (default 60; $VANBAN_FUZZ_SECONDS)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:?usage: run.sh BUILD_DIR [SECONDS]}
seconds=${2:-${VANBAN_FUZZ_SECONDS:-60}}
cmake -S "$here" -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$build.configure.log" 2>&1 ||
  { cat "$build.configure.log"; exit 1; }
cmake --build "$build" -j "$(nproc)" >"$build.build.log" 2>&1 || { tail -50 "$build.build.log"; exit 1; }

status=0
for target in metadata_fuzz edxml_fuzz; do
  seeds="$build/seeds-$target"
  rm -rf "$seeds" && mkdir -p "$seeds"
  cp "$here/corpus/${target%_fuzz}/"* "$seeds/" 2>/dev/null || true
  # Real document texts as seeds (metadata): the fixtures' sources and the real examples.
  if [ "$target" = metadata_fuzz ]; then
    for f in "$root"/tests/data/real/*.txt "$root"/tests/data/docs/*.vbsrc "$root"/tests/data/corpus/*.vbsrc; do
      [ -f "$f" ] && cp "$f" "$seeds/"
    done
  fi
  dict=()
  [ -f "$here/${target%_fuzz}.dict" ] && dict=(-dict="$here/${target%_fuzz}.dict")
  work="$build/work-$target"
  # Scratch files of the targets (edxml_fuzz writes each input as a file) stay in the build dir.
  scratch="$build/tmp-$target"
  rm -rf "$scratch" && mkdir -p "$work" "$scratch"
  echo "fuzz: $target for ${seconds}s ($(ls "$seeds" | wc -l) seeds)"
  # -timeout: one input over 10 s is a hang; -rss_limit_mb: bounded memory.
  if ! (cd "$work" && TMPDIR="$scratch" "$build/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=262144 -print_final_stats=1 ${dict[@]+"${dict[@]}"} "$work" "$seeds" >"$build/$target.log" 2>&1); then
    echo "fuzz: $target FAILED; last lines of $build/$target.log:"
    tail -40 "$build/$target.log"
    status=1
  else
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$build/$target.log" || true
  fi
done
exit $status
