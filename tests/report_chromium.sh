#!/usr/bin/env bash
# The HTML report in a real browser (issue 12, item 1): writes the report of the default
# scenario with a built binary, opens it in Debian's headless Chromium, and checks that the
# DOM Chromium built holds the KPI table and every plot as SVG, and that a screenshot of the
# page is not blank.
#
# Usage: tests/report_chromium.sh [BINARY] [OUT_DIR]
#   BINARY   default target/debug/buildout (any build: `--no-default-features` writes reports)
#   OUT_DIR  default target/report-check: report.html, dom.html, report.png
# Needs chromium (`apt-get install chromium`) and python3 with PIL (pillow); PYTHON names
# another interpreter, BUILDOUT_REPORT_SAMPLES the Monte Carlo samples (default 1000).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${1:-target/debug/buildout}
OUT=${2:-target/report-check}
SAMPLES=${BUILDOUT_REPORT_SAMPLES:-1000}
PYTHON=${PYTHON:-python3}
SCENARIO=scenarios/accelerated-7t.ron

fail() { echo "report_chromium: $*" >&2; exit 1; }
command -v chromium >/dev/null || fail "no chromium on PATH (apt-get install chromium)"
[ -x "$BIN" ] || fail "no binary at $BIN (cargo build first)"

mkdir -p "$OUT"
html="$(cd "$OUT" && pwd)/report.html"
"$BIN" report "$SCENARIO" -o "$html" --samples "$SAMPLES"

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# No network, no first-run work: the report must render from the file alone.
chrome() {
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" "$@" 2>/dev/null
}

chrome --dump-dom "file://$html" > "$OUT/dom.html"
dom="$OUT/dom.html"
has() { grep -qF -- "$1" "$dom" || fail "the DOM has no $2 ($1)"; }

has '<table id="kpi-table"' "KPI table"
rows=$(sed -n '/<table id="kpi-table"/,/<\/table>/p' "$dom" | grep -o '<tr' | wc -l)
[ "$rows" -ge 20 ] || fail "the KPI table has only $rows rows"
for label in "Funding committed" "Capital spent" "Delivered compute at end"; do
  has "<td>$label</td>" "KPI row"
done
has '<section id="warnings"' "warnings section"
for id in chart-capacity chart-sources chart-sources-uses chart-binding chart-demand \
          chart-limits-0 chart-fan chart-tornado; do
  has "<svg id=\"$id\"" "plot $id"
  has "<title id=\"$id-title\">" "title of plot $id"
done
has '<table id="kpi-percentiles"' "KPI percentile table"
has '<table id="optimum-gap"' "gap to the optimum"
has '<table id="sources"' "cited sources"
svgs=$(grep -o '<svg id="chart-' "$dom" | wc -l)
closed=$(grep -o '</svg>' "$dom" | wc -l)
[ "$svgs" -eq "$closed" ] || fail "$svgs plots but $closed </svg>"
if grep -qE 'NaN|<script|<link ' "$dom"; then fail "NaN, a script or a link element in the DOM"; fi
echo "report_chromium: DOM ok: KPI table ($rows rows) and $svgs plots"

png="$OUT/report.png"
rm -f "$png"
chrome --hide-scrollbars --screenshot="$png" --window-size=1280,2400 "file://$html" >/dev/null
[ -s "$png" ] || fail "no screenshot"
"$PYTHON" - "$png" <<'PY'
import sys
from PIL import Image
img = Image.open(sys.argv[1]).convert("RGB")
w, h = img.size
assert (w, h) == (1280, 2400), f"screenshot is {w}x{h}, expected 1280x2400"
colours = img.getcolors(maxcolors=1 << 20)
n = len(colours) if colours else 1 << 20
assert n > 200, f"screenshot looks blank: {n} colours"
top = max(colours)[0] / (w * h) if colours else 0.0
assert top < 0.9, f"screenshot is {top:.0%} one colour"
print(f"report_chromium: screenshot ok: {w}x{h}, {n} colours, the commonest {top:.0%}")
PY
