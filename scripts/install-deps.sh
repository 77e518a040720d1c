#!/usr/bin/env bash
# Installs the Debian 12 packages vanban builds, runs and tests with (one apt line; see
# docs/architecture.md "Dependencies"). Does nothing when everything is already installed.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config clang-format clang libclang-rt-14-dev
  libxml2-dev libicu-dev libsqlite3-dev sqlite3 libssl-dev nlohmann-json3-dev libmagic-dev
  libpoppler-cpp-dev poppler-utils
  libtesseract-dev libleptonica-dev tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng
  tesseract-ocr-osd hunspell-vi ghostscript libgs-dev ocrmypdf
  libcurl4-openssl-dev
  libreoffice-dev libreoffice-dev-common libreoffice-writer ure fonts-liberation2 libarchive-dev
  libxml2-utils libxmlsec1-dev xmlsec1
  liblucene++-dev libboost-dev
  libcivetweb-dev civetweb
  libgtest-dev libgmock-dev libbenchmark-dev
  libxapian-dev  # Xapian: a peer of the search benchmark (bench/search_bench), bench only
  wrk  # HTTP load for bench/search_http.sh, bench only
  chromium inotify-tools curl python3
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${#missing[@]} packages: ${missing[*]}"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
