#!/usr/bin/env bash
# Search over HTTP under load: `vanban serve` answering /api/search from an index of the
# benchmark corpus, driven by wrk with search_bench's query mix, against the same queries
# answered in process (search_bench, same index, same run): the ratio is what HTTP, JSON and
# concurrency add. docs/performance.md, "search_http".
#
#   bench/search_http.sh [--docs N] [--work DIR] [--duration S] [--connections C]
#                        [--threads T] [--port P]
#
# Defaults: 100,000 documents, 30 s, one wrk thread keeping 2 requests in flight (on a 2-core
# machine wrk's own thread competes with the server's).
#
# The index is built once into DIR (search_bench --reuse) and reused by later runs with the
# same --docs. Needs wrk (scripts/install-deps.sh installs it).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
build=${VANBAN_BUILD_DIR:-$here/build}
docs=100000
work=/var/tmp/vanban-search-http
duration=30
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

echo "search_http: $docs documents, wrk $threads threads / $connections connections / ${duration}s, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

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

log="$work/serve.log"
"$build/publisher/vanban" serve --data "$data" --listen "127.0.0.1:$port" > "$log" 2>&1 &
serve=$!
trap 'kill "$serve" 2>/dev/null || true; wait "$serve" 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  curl -sf "http://127.0.0.1:$port/api/search?q=a" > /dev/null 2>&1 && break
  kill -0 "$serve" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.2
done

# 3. wrk: each connection walks the query list (page, query) from its own starting point.
lua="$work/search.lua"
cat > "$lua" <<EOF
local queries = {}
for line in io.lines("$work/queries.tsv") do
  local page, q = line:match("^(%d+)\t(.*)$")
  if page then queries[#queries + 1] = {page, q} end
end
local function encode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
local paths = {}
for i, pq in ipairs(queries) do
  paths[i] = "/api/search?q=" .. encode(pq[2]) .. "&page=" .. pq[1]
end
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("first", counter * 997)
end
local n = 0
local bad = 0
function request()
  n = n + 1
  return wrk.format("GET", paths[(first + n) % #paths + 1])
end
function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
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
# Warm-up, untimed, as search_bench runs 200 queries before it measures: the server's first
# searches load the per-segment caches (document ids, facet ordinals and their value tables).
wrk -t1 -c1 -d10s -s "$lua" "http://127.0.0.1:$port" > /dev/null
wrk -t"$threads" -c"$connections" -d"${duration}s" -s "$lua" "http://127.0.0.1:$port" | tee "$work/wrk.txt" | grep '^http:'

# 4. Ratios: HTTP under wrk over in process with the same number of threads.
rows="$threads threads"
[ "$threads" = 1 ] && rows="1 thread"
in_p50=$(grep -E "^\| $rows: p50" "$work/in-process.txt" | awk -F'|' '{print $3}' | tr -d ' ')
in_p95=$(grep -E "^\| $rows: p95" "$work/in-process.txt" | awk -F'|' '{print $3}' | tr -d ' ')
http_p50=$(sed -n 's/^http: p50 \([0-9.]*\) ms.*/\1/p' "$work/wrk.txt")
http_p95=$(sed -n 's/.*p95 \([0-9.]*\) ms.*/\1/p' "$work/wrk.txt")
awk -v a="$http_p50" -v b="$in_p50" -v c="$http_p95" -v d="$in_p95" -v t="$threads" 'BEGIN {
  printf "HTTP / in process (%d wrk threads): p50 %.2f / %.2f ms = %.2fx, p95 %.2f / %.2f ms = %.2fx\n", t, a, b, a / b, c, d, c / d
  printf "target p95 < 50 ms: %s\n", (c < 50 ? "met" : "NOT met")
}'
