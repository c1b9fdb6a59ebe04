#!/usr/bin/env bash
# Behaviour check for refactoring: writes the outputs that must stay byte-identical (the
# sample report, the seeds' report, `score` over the sample corpus, and `score` with two
# threads) to a folder, and compares two such folders.
#
#   scripts/same-output.sh save target/before     # before a change
#   scripts/same-output.sh save target/after      # after it
#   scripts/same-output.sh diff target/before target/after
#
# The seeds' report is made only when ../shared/seeds/ exists (it is not in the repo).
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
  save)
    out=${2:?usage: same-output.sh save DIR}
    rm -rf "$out" && mkdir -p "$out"
    cargo build --release -q
    bin=target/release/framelens
    export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
    "$bin" -q report --out "$out/sample"
    "$bin" -q score corpus/ >"$out/score.jsonl"
    "$bin" -q score -j 2 corpus/ >"$out/score-j2.jsonl"
    if [ -d ../shared/seeds ]; then
      "$bin" -q report --config tests/fixtures/seeds.toml --out "$out/seeds" ../shared/seeds/
      "$bin" -q score --config tests/fixtures/seeds.toml ../shared/seeds/ >"$out/seeds-score.jsonl"
    else
      echo "../shared/seeds/ is absent: the seeds' outputs are not made" >&2
    fi
    ;;
  diff)
    a=${2:?usage: same-output.sh diff BEFORE AFTER}
    b=${3:?usage: same-output.sh diff BEFORE AFTER}
    if diff -r "$a" "$b" >/dev/null; then
      echo "same bytes: $(find "$a" -type f | wc -l) files"
    else
      diff -rq "$a" "$b" >&2
      exit 1
    fi
    ;;
  *)
    echo "usage: same-output.sh save DIR | diff BEFORE AFTER" >&2
    exit 2
    ;;
esac
