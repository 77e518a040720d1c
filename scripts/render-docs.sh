#!/usr/bin/env bash
# Renders every *.vbsrc in SRC_DIR to OUT_DIR/<name>.pdf: vanban-docgen lays each one out as a
# flat ODT, then headless LibreOffice converts them in batches of 100 per process.
#
#   scripts/render-docs.sh [--docgen PATH] [--keep-fodt] SRC_DIR OUT_DIR
#
# vanban-docgen is taken from --docgen, else $VANBAN_DOCGEN, else PATH. soffice from $SOFFICE,
# else PATH. Each run uses a fresh LibreOffice profile of its own (a shared profile hands the
# job to whichever soffice already runs with it), removed on exit. PDFs are converted into a
# temporary directory and moved into OUT_DIR one by one, so a reader never sees a partial file.
# Exit: 0 all PDFs written; 1 a document failed; 2 usage.
set -euo pipefail

usage() {
  echo "usage: $0 [--docgen PATH] [--keep-fodt] SRC_DIR OUT_DIR" >&2
  exit 2
}

docgen="${VANBAN_DOCGEN:-}"
keep_fodt=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --docgen) [[ $# -ge 2 ]] || usage; docgen="$2"; shift 2 ;;
    --docgen=*) docgen="${1#--docgen=}"; shift ;;
    --keep-fodt) keep_fodt=1; shift ;;
    -h|--help) usage ;;
    --) shift; break ;;
    -*) echo "$0: unknown option $1" >&2; usage ;;
    *) break ;;
  esac
done
[[ $# -eq 2 ]] || usage
src_dir="$1"
out_dir="$2"

if [[ -z "$docgen" ]]; then
  docgen="$(command -v vanban-docgen || true)"
fi
if [[ -z "$docgen" || ! -x "$docgen" ]]; then
  echo "$0: vanban-docgen not found (use --docgen PATH, VANBAN_DOCGEN or PATH)" >&2
  exit 1
fi
soffice="${SOFFICE:-$(command -v soffice || true)}"
if [[ -z "$soffice" ]]; then
  echo "$0: soffice not found (install libreoffice-writer, or set SOFFICE)" >&2
  exit 1
fi
[[ -d "$src_dir" ]] || { echo "$0: no such directory: $src_dir" >&2; exit 1; }

shopt -s nullglob
sources=("$src_dir"/*.vbsrc)
if [[ ${#sources[@]} -eq 0 ]]; then
  echo "$0: no *.vbsrc in $src_dir" >&2
  exit 1
fi
mkdir -p "$out_dir"
out_dir="$(cd "$out_dir" && pwd)"

work="$(mktemp -d "${TMPDIR:-/tmp}/vanban-render.XXXXXX")"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$work/profile" "$work/fodt" "$work/pdf"

names=()
for src in "${sources[@]}"; do
  name="$(basename "$src" .vbsrc)"
  if ! "$docgen" "$src" "$work/fodt/$name.fodt"; then
    echo "$0: vanban-docgen failed on $src" >&2
    exit 1
  fi
  names+=("$name")
done

started=$(date +%s.%N)
log="$work/soffice.log"
status=0
# One soffice process per batch: a single process given ~1,000 files was seen to stop after a
# few hundred with exit status 0, so batches are bounded and anything missing is tried again.
convert_batch() {
  timeout --kill-after=10 "${VANBAN_RENDER_TIMEOUT:-600}" \
    "$soffice" --headless --norestore --nolockcheck --nologo --nodefault \
    "-env:UserInstallation=file://$work/profile" \
    --convert-to pdf --outdir "$work/pdf" "$@" >>"$log" 2>&1 || status=$?
}
batch_size=${VANBAN_RENDER_BATCH:-100}
for attempt in 1 2; do
  todo=()
  for name in "${names[@]}"; do
    [[ -s "$work/pdf/$name.pdf" ]] || todo+=("$work/fodt/$name.fodt")
  done
  [[ ${#todo[@]} -eq 0 ]] && break
  for ((i = 0; i < ${#todo[@]}; i += batch_size)); do
    convert_batch "${todo[@]:i:batch_size}"
  done
done
finished=$(date +%s.%N)

failed=0
for name in "${names[@]}"; do
  pdf="$work/pdf/$name.pdf"
  if [[ ! -s "$pdf" ]] || [[ "$(head -c 5 "$pdf")" != "%PDF-" ]]; then
    echo "$0: soffice produced no PDF for $name" >&2
    failed=1
    continue
  fi
  mv -f "$pdf" "$out_dir/$name.pdf"
  if [[ $keep_fodt -eq 1 ]]; then
    cp -f "$work/fodt/$name.fodt" "$out_dir/$name.fodt"
  fi
done
if [[ $failed -ne 0 || $status -ne 0 ]]; then
  echo "$0: soffice exit status $status; its output:" >&2
  cat "$log" >&2
  exit 1
fi
awk -v n="${#names[@]}" -v a="$started" -v b="$finished" \
  'BEGIN { printf "render-docs: %d PDFs in %.1f s\n", n, b - a }' >&2
