#!/usr/bin/env bash
# Search over HTTP under load: `vanban serve` answering /api/search from an index of the
# benchmark corpus, driven by wrk with search_bench's query mix, against the same queries
# answered in process (search_bench, same index, same run): the ratio is what HTTP, JSON and
# concurrency add. Twice: the server with its result cache (as `vanban serve` runs), and
# without it (the engine alone, the in-process figures' peer). docs/performance.md,
# "search_http".
#
#   bench/search_http.sh [--docs N] [--work DIR] [--duration S] [--connections C]
#                        [--threads T] [--port P]
#
# Defaults: 100,000 documents, one wrk thread keeping 2 requests in flight (on a 2-core
# machine wrk's own thread competes with the server's). The timed run asks the 2,000 queries
# of the mix once; --duration is the most it may take (600 s).
#
# The index is built once into DIR (search_bench --reuse) and reused by later runs with the
# same --docs. Needs wrk (scripts/install-deps.sh installs it).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
build=${VANBAN_BUILD_DIR:-$here/build}
docs=100000
work=/var/tmp/vanban-search-http
duration=600
connections=2
threads=1
port=18080
while [ $# -gt 0 ]; do
  case "$1" in
    --docs) docs=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    *) sed -n '2,12p' "$0" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "search_http: wrk is not installed (scripts/install-deps.sh)" >&2; exit 2; }
for exe in "$build/bench/search_bench" "$build/publisher/vanban"; do
  [ -x "$exe" ] || { echo "search_http: $exe is not built" >&2; exit 2; }
  # A binary older than the sources measures old code (building only the bench targets leaves
  # vanban behind).
  newer=$(find "$here"/{index,publisher,web,repository,convert,ingest,bench} -newer "$exe" \
    \( -name '*.cc' -o -name '*.h' \) -print -quit 2>/dev/null || true)
  if [ -n "$newer" ]; then
    echo "search_http: $exe is older than $newer; rebuild first (cmake --build $build)" >&2
    exit 2
  fi
done

echo "search_http: $docs documents, wrk $threads threads / $connections connections / the mix once (at most ${duration}s), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# 1. The index and the in-process figures (the peer): the portal's query, facets included.
mkdir -p "$work"
"$build/bench/search_bench" --docs "$docs" --queries 2000 --threads "$threads" --engines ours-facets \
  --work "$work" --reuse | tee "$work/in-process.txt" | grep -E '^\| (1 thread|[0-9]+ threads): (p50|p95|p99|queries)'

# 2. A data directory whose index is that index (the repository is empty: /api/search only
#    reads the index).
data="$work/data"
rm -rf "$data"
mkdir -p "$data"
# search_bench searched the index of "ours" when a run of it left one there.
index="$work/ours-facets"
[ -d "$index" ] || index="$work/ours"
ln -s "$index" "$data/index"
"$build/bench/search_bench" --print-queries --queries 2000 | cut -f3,4 > "$work/queries.tsv"

# 3. wrk. The timed run asks the mix once, in its order, two requests in flight, and stops:
#    a search repeated in the mix (751 of 2,000 repeat an earlier one, as a portal's popular
#    searches do) may then come from the result cache, but the run does not go round the list
#    again to find all of it there. The warm-up (10 s, untimed) walks the list from another
#    point and asks each query's next page: nearly the same searches for the engine, under
#    other keys of the result cache (pages 2 and 51, which the mix never asks). Except for a
#    search with a single page of results: the portal answers a page past the end with the
#    last one, so its page 1 is then cached by the warm-up (a few number and misspelt
#    searches, among the cheapest: it flatters the cached run's p50 a little, not its p95).
write_lua() {  # write_lua FILE warm|timed
cat > "$1" <<EOF
local queries = {}
for line in io.lines("$work/queries.tsv") do
  local page, q = line:match("^(%d+)\t(.*)$")
  if page then queries[#queries + 1] = {page, q} end
end
local function encode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
local warm = "$2" == "warm"
local paths = {}
for i, pq in ipairs(queries) do
  paths[i] = "/api/search?q=" .. encode(pq[2]) .. "&page=" .. (pq[1] + (warm and 1 or 0))
end
-- With several wrk threads, thread k of $threads asks the k-th slice of the list.
local threads = $threads
local counter = 0
function setup(thread)
  thread:set("slice", counter)
  counter = counter + 1
end
local per = math.ceil(#paths / threads)
local n = 0
local answered = 0
function request()
  n = n + 1
  local first = warm and 997 or slice * per
  return wrk.format("GET", paths[(first + n - 1) % #paths + 1])
end
function response(status, headers, body)
  answered = answered + 1
  if not warm and answered == math.min(per, #paths - slice * per) then
    -- wrk itself runs for its whole -d: the script below ends it (SIGINT, which still
    -- reports) once every thread has left a mark.
    wrk.thread:stop()
    io.open("$work/pass.done." .. slice, "w"):close()
  end
end
function done(summary, latency, requests)
  io.write(string.format("http: %d requests in %.1f s, %.0f requests/s, %d errors (connect %d, read %d, timeout %d, status %d)\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    summary.errors.connect + summary.errors.read + summary.errors.timeout + summary.errors.status,
    summary.errors.connect, summary.errors.read, summary.errors.timeout, summary.errors.status))
  io.write(string.format("http: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
EOF
}
lua="$work/search.lua"
warm_lua="$work/warm.lua"
write_lua "$lua" timed
write_lua "$warm_lua" warm

log="$work/serve.log"
# The line serve logs once it has read its index ahead (or failed to).
read_ahead='search index read ahead\|reading the search index ahead'
# Pages of files the kernel has read back from disk after evicting them, since boot.
refaulted() { awk '$1 == "workingset_refault_file" {print $2}' /proc/vmstat 2>/dev/null || echo 0; }
serve=
trap 'if [ -n "$serve" ]; then kill "$serve" 2>/dev/null || true; wait "$serve" 2>/dev/null || true; fi' EXIT
# measure LABEL CACHE_MB OUT: `vanban serve` with a result cache of CACHE_MB (0: none),
# warmed up, then under wrk; wrk's output into OUT.
measure() {
  "$build/publisher/vanban" serve --data "$data" --listen "127.0.0.1:$port" \
    --search-cache-mb "$2" > "$log" 2>&1 &
  serve=$!
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$port/api/search?q=a" > /dev/null 2>&1 && break
    kill -0 "$serve" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.2
  done
  # The server reads its index ahead as it starts (SearchIndex::Warm: dictionaries, facet values,
  # and the index files preloaded when they fit in half the memory available): measured once
  # that is done, as a server that has been up for a while.
  for _ in $(seq 1 3000); do
    grep -q "$read_ahead" "$log" && break
    kill -0 "$serve" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.2
  done
  grep -o "\($read_ahead\).*" "$log" || true
  # Warm-up, untimed, as search_bench runs 200 queries before it measures: the server's first
  # searches load the per-segment caches (document ids, facet ordinals and their value tables).
  wrk -t1 -c1 -d10s -s "$warm_lua" "http://127.0.0.1:$port" > /dev/null
  echo "$1:"
  rm -f "$work"/pass.done.*
  local refaults
  refaults=$(refaulted)
  wrk -t"$threads" -c"$connections" -d"${duration}s" -s "$lua" "http://127.0.0.1:$port" > "$3" &
  local pass=$!
  while kill -0 "$pass" 2>/dev/null &&
    [ "$(find "$work" -maxdepth 1 -name 'pass.done.*' | wc -l)" -lt "$threads" ]; do
    sleep 0.1
  done
  kill -INT "$pass" 2>/dev/null || true
  wait "$pass" || true
  grep '^http:' "$3"
  echo "http: $(($(refaulted) - refaults)) pages of files refaulted during the pass"
  kill "$serve"
  wait "$serve" 2>/dev/null || true
  serve=
}
# The portal as `vanban serve` runs, with its result cache (the mix repeats popular searches,
# as a portal's users do); then without it: the engine's own speed over HTTP, the peer of the
# in-process figures.
measure "with the result cache (64 MB, serve's default)" 64 "$work/wrk-cached.txt"
measure "without a result cache (--search-cache-mb 0)" 0 "$work/wrk.txt"

# 4. Ratios: HTTP under wrk over in process with the same number of threads, without a result
#    cache on either side; then the portal with its cache.
rows="$threads threads"
[ "$threads" = 1 ] && rows="1 thread"
in_p50=$(grep -E "^\| $rows: p50" "$work/in-process.txt" | awk -F'|' '{print $3}' | tr -d ' ')
in_p95=$(grep -E "^\| $rows: p95" "$work/in-process.txt" | awk -F'|' '{print $3}' | tr -d ' ')
http_p50=$(sed -n 's/^http: p50 \([0-9.]*\) ms.*/\1/p' "$work/wrk.txt")
http_p95=$(sed -n 's/.*p95 \([0-9.]*\) ms.*/\1/p' "$work/wrk.txt")
cached_p50=$(sed -n 's/^http: p50 \([0-9.]*\) ms.*/\1/p' "$work/wrk-cached.txt")
cached_p95=$(sed -n 's/.*p95 \([0-9.]*\) ms.*/\1/p' "$work/wrk-cached.txt")
awk -v a="$http_p50" -v b="$in_p50" -v c="$http_p95" -v d="$in_p95" -v t="$threads" \
    -v e="$cached_p50" -v f="$cached_p95" 'BEGIN {
  printf "HTTP / in process (%d wrk threads, no result cache): p50 %.2f / %.2f ms = %.2fx, p95 %.2f / %.2f ms = %.2fx\n", t, a, b, a / b, c, d, c / d
  printf "with the result cache / without: p50 %.2f / %.2f ms = %.2fx, p95 %.2f / %.2f ms = %.2fx\n", e, a, e / a, f, c, f / c
  printf "target p95 < 50 ms: without the cache %s, with it %s\n", (c < 50 ? "met" : "NOT met"), (f < 50 ? "met" : "NOT met")
}'
