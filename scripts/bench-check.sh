#!/usr/bin/env bash
# Link-check benchmark: `rotproof check` against linkinator and
# markdown-link-check (npm, scripts/bench-tools/) on the same URLs: the
# corpus's picture URLs served by the loopback origin at 50 ms latency, a
# share of them made to rot after they were archived (gone, flaky, soft-404,
# blocked, changed, moved). Reports wall time, requests each tool sent, and
# how many links of each kind it classified correctly (a checker that says
# only OK/broken is right on alive and gone links, and on nothing else).
# Target: faster than both, every injected fault classified correctly.
# Usage: [LATENCY_MS=50] scripts/bench-check.sh
set -euo pipefail
case "${1:-}" in -h | --help) sed -n "2,10p" "$0" | sed "s/^# \\{0,1\\}//"; exit 0 ;; esac
cd "$(dirname "$0")/.."
[ -x build/rotproof ] && [ -x build/rotproof-origin ] || scripts/build.sh build
tools=scripts/bench-tools
[ -x "$tools/node_modules/.bin/linkinator" ] ||
  npm install --prefix "$tools" --no-package-lock --no-audit --no-fund --loglevel=error
latency="${LATENCY_MS:-50}"

work=$(mktemp -d)
origin_pid=""
trap '[ -n "$origin_pid" ] && kill "$origin_pid" 2>/dev/null; rm -rf "$work"' EXIT
build/rotproof-origin 0 --latency-ms "$latency" >"$work/origin.log" &
origin_pid=$!
for _ in $(seq 50); do grep -q listening "$work/origin.log" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/^listening on 127.0.0.1://p' "$work/origin.log")
base="http://127.0.0.1:$port"
requests() { wget -qO- --no-proxy "$base/__stats" | cut -d' ' -f1; }

# The corpus's picture URLs, each moved under the origin, one kind of rot in
# every nine after the first three alive ones (URLs whose words the origin
# already answers with a fault are left out): alive alive alive gone flaky
# soft404 blocked changed moved.
grep -ohE 'https?://[^]"'"'"' )<>]+\.(jpe?g|png|gif|webp)' tests/fixtures/posts/*.md | sed -E 's#^https?://##' |
  grep -vE 'dead|flaky|html|hotlink|loop|slow|stall|endless|truncated|bomb|zstd|size-|redirect-|goto|proxy-only|same|too-many|retry' |
  sort -u | awk -v base="$base" '{
    split("alive alive alive gone flaky soft404 blocked changed moved", kind, " ")
    k = kind[NR % 9 + 1]
    word = k == "alive" ? "" : k == "flaky" ? "rot-unstable/" : k == "soft404" ? "rot-soft404/" : \
           k == "blocked" ? "rot-forbidden/" : "rot-" k "/"
    printf "%s %s/%s%s\n", k, base, word, $0
  }' >"$work/truth"
awk '{ printf "![](%s)\n\n", $2 }' "$work/truth" >"$work/links.md"
echo "$(wc -l <"$work/truth") links: $(cut -d' ' -f1 "$work/truth" | sort | uniq -c | awk '{printf "%s %s, ", $1, $2}')"

build/rotproof archive "$work/links.md" -o "$work/out" --allow-private 127.0.0.1 --jobs 32 --per-host 8 --quiet ||
  [ $? -eq 1 ]
wget -qO- --no-proxy "$base/__rot" >/dev/null

run() {  # NAME OUTPUT COMMAND... → "NAME seconds requests"
  local name=$1 out=$2
  shift 2
  local r0 start end
  r0=$(requests)
  start=$EPOCHREALTIME
  "$@" >"$out" 2>&1 || true
  end=$EPOCHREALTIME
  echo "$name $(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.2f", b-a}') $(($(requests) - r0))"
}
{
  run rotproof "$work/rotproof.json" build/rotproof check "$work/out" --json --allow-private 127.0.0.1 \
    --jobs 32 --per-host 32 --db "$work/history.db"
  run linkinator "$work/linkinator.json" "$tools/node_modules/.bin/linkinator" "$work/links.md" --markdown \
    --format json --concurrency 32
  run markdown-link-check "$work/mlc.txt" "$tools/node_modules/.bin/markdown-link-check" -v "$work/links.md"
} >"$work/timings"

python3 - "$work" <<'PY'
import json, re, sys
work = sys.argv[1]
truth = dict(reversed(line.split()) for line in open(f"{work}/truth"))
kinds = ["alive", "gone", "flaky", "soft404", "blocked", "changed", "moved"]
expected_state = {"alive": "alive", "gone": "gone", "flaky": "flaky", "soft404": "soft-404",
                  "blocked": "blocked", "changed": "changed", "moved": "moved"}
said = {}
said["rotproof"] = {l["url"]: l["state"] for l in json.load(open(f"{work}/rotproof.json"))["links"]}
text = open(f"{work}/linkinator.json").read()
said["linkinator"] = {l["url"]: ("alive" if l["state"] == "OK" else "gone")
                      for l in json.loads(text[text.index("{"):])["links"]}
mlc = {}
for line in open(f"{work}/mlc.txt", encoding="utf-8"):
    m = re.search(r"\[(✓|✖)\] (\S+)", line)
    if m: mlc[m.group(2)] = "alive" if m.group(1) == "✓" else "gone"
said["markdown-link-check"] = mlc
timings = {t.split()[0]: t.split()[1:] for t in open(f"{work}/timings")}
print()
print(f"{'tool':22} {'wall (s)':>9} {'requests':>9}  " + " ".join(f"{k:>9}" for k in kinds) + "   correct")
for tool in ["rotproof", "linkinator", "markdown-link-check"]:
    row, right, total = [], 0, 0
    for k in kinds:
        urls = [u for u, kind in truth.items() if kind == k]
        ok = sum(1 for u in urls if said[tool].get(u) == expected_state[k])
        row.append(f"{ok}/{len(urls)}")
        right += ok
        total += len(urls)
    secs, reqs = timings[tool]
    print(f"{tool:22} {secs:>9} {reqs:>9}  " + " ".join(f"{c:>9}" for c in row) + f"   {right}/{total}")
PY
