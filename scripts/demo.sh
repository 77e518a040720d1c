#!/usr/bin/env bash
# Quick start 1: install what is missing, build, ingest the demo documents into ./demo-data
# and serve the portal at http://127.0.0.1:8080 (Ctrl-C stops it).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
BUILD_DIR=${VANBAN_BUILD_DIR:-build}
DATA=${VANBAN_DEMO_DATA:-demo-data}
LISTEN=${VANBAN_LISTEN:-127.0.0.1:8080}

# Demo documents: real and realistic Vietnamese documents (tests/data/docs), laid out as
# official documents and rendered to PDF by LibreOffice.
VANBAN_DOCGEN="$BUILD_DIR/tools/vanban-docgen" scripts/render-docs.sh tests/data/docs "$BUILD_DIR/demo-pdfs"
mkdir -p "$DATA/inbox"
# Same bytes make one document, so running this again adds nothing twice.
"$BUILD_DIR/publisher/vanban" ingest --data "$DATA" --publish --unit demo "$BUILD_DIR"/demo-pdfs/*.pdf || true
echo
echo "vanban: the portal is at http://$LISTEN/  — drop PDFs into $DATA/inbox/<unit>/ to publish them"
exec "$BUILD_DIR/publisher/vanban" serve --data "$DATA" --listen "$LISTEN" --auto-publish
