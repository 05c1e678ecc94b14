#!/usr/bin/env bash
# Install the Debian packages the app and its tests need, only those that are missing.
# Runs as root on a fresh Debian machine (CI too); with sudo otherwise.
# Extra packages may be named as arguments (scripts/with-throwaway-postgres.sh adds `postgresql`).
set -euo pipefail

PACKAGES=(
  chromium                     # Playwright drives Debian's browser (no browser download here)
  fonts-ipaexfont-gothic       # Japanese fonts embedded in the PDFs
  fonts-ipaexfont-mincho
  fonts-noto-cjk               # Noto Sans CJK JP: names outside JIS X 0208 (𠮷) print on the PDFs
  poppler-utils                # pdftotext / pdftoppm, to read and look at the PDFs
  libpango-1.0-0               # WeasyPrint's text layout
  libpangoft2-1.0-0
  libharfbuzz-subset0
  "$@"
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present${1:+ (with $*)}"
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "system packages: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
