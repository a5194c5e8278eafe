#!/usr/bin/env bash
# Writes what the command line prints on a fixed set of inputs into a folder, so that two
# versions of the code can be compared byte for byte:
#
#   benchmarks/golden_outputs.sh /tmp/before        # on the old commit
#   benchmarks/golden_outputs.sh /tmp/after         # on the new one
#   diff -r /tmp/before /tmp/after && echo identical
#
# Every command's stdout, stderr and exit status are kept. Times of day in the session log and
# the reports are replaced by a fixed string (they differ from run to run); nothing else is
# changed. The 100k rows need `python benchmarks/make_corpus.py --sizes 10k,100k` first (they
# are skipped, and say so, without it). Run from the repository root with the project's
# environment active.
set -u
out=${1:?usage: golden_outputs.sh OUTDIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
data="$root/../shared/data"
bench="$root/benchmarks/.data"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export REVIEWER_USER=golden REVIEWER_SESSION_DIR="$work/sessions" NO_COLOR=1
stamp='s/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(\+00:00|Z)?/TIME/g; s/[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}(:[0-9]{2})?( UTC)?/TIME/g'

run() {  # run NAME COMMAND...: keep stdout, stderr and the exit status under NAME
  local name=$1
  shift
  (cd "$work" && "$@") >"$out/$name.out" 2>"$out/$name.err"
  echo $? >"$out/$name.rc"
  sed -E -i "$stamp; s#$work#WORK#g" "$out/$name.out" "$out/$name.err"
}

# The bundled article, every output format, the post-edit, the check list.
run article-text reviewer check --color never
run article-json reviewer check --format json
run article-jsonl reviewer check --format jsonl
run article-postedit reviewer check --postedit --format json
run article-noglossary reviewer check --no-glossary --format jsonl
run article-only reviewer check --only repeated-word,number-mismatch --format jsonl
run checks reviewer checks
run fix-dry reviewer fix --dry-run
run fix-all-dry reviewer fix --all --dry-run
run fix-write reviewer fix --all --write "$work/fixed"
cat "$work"/fixed* >"$out/fix-write.files" 2>/dev/null

# Real parallel text and real files of every format.
ntrex_src="$data/ntrex128-eng-ind/newstest2019-src.eng.txt"
ntrex_ref="$data/ntrex128-eng-ind/newstest2019-ref.ind.txt"
run ntrex-noglossary reviewer check --source "$ntrex_src" --target "$ntrex_ref" --no-glossary --format jsonl --fail-on never
cut -f1,2 "$data/tatoeba-eng-ind/ind.txt" >"$work/tatoeba.tsv"
run tatoeba-article-glossary reviewer check "$work/tatoeba.tsv" -g "$root/glossary/deepseek-export-controls.yaml" --format jsonl --fail-on never
for po in "$data"/software-po-id/*.po; do
  run "po-$(basename "$po")" reviewer check "$po" --format jsonl --fail-on never
done
for x in "$data"/okapi-xliff12/*.xlf "$data"/matecat-xliff-parser/*.xliff; do
  [ -f "$x" ] && run "xliff-$(basename "$x")" reviewer check "$x" --format jsonl --fail-on never
done
for t in "$data"/okapi-tmx/*.tmx; do
  [ -f "$t" ] && run "tmx-$(basename "$t")" reviewer check "$t" --format jsonl --fail-on never
done

# The benchmark corpora with the 10,000-term glossary.
if [ -f "$bench/glossary-10000.yaml" ]; then
  run ntrex-10kglossary reviewer check --source "$ntrex_src" --target "$ntrex_ref" -g "$bench/glossary-10000.yaml" --format jsonl --fail-on never
  run tatoeba-10kglossary reviewer check "$work/tatoeba.tsv" -g "$bench/glossary-10000.yaml" --format jsonl --fail-on never
  run bench-10k-text reviewer check --source "$bench/ntrex-10k-seed20240606.en.txt" --target "$bench/ntrex-10k-seed20240606.id.txt" -g "$bench/glossary-10000.yaml" --fail-on never
  run bench-100k reviewer check --source "$bench/ntrex-100k-seed20240606.en.txt" --target "$bench/ntrex-100k-seed20240606.id.txt" -g "$bench/glossary-10000.yaml" --format jsonl --fail-on never
  for d in "$bench"/ntrex-distinct-*-seed20240606.en.txt; do
    [ -f "$d" ] && run "bench-$(basename "$d" .en.txt)" reviewer check --source "$d" --target "${d%.en.txt}.id.txt" -g "$bench/glossary-10000.yaml" --format jsonl --fail-on never
  done
  run bench-100k-nomemo reviewer check --source "$bench/ntrex-100k-seed20240606.en.txt" --target "$bench/ntrex-100k-seed20240606.id.txt" -g "$bench/glossary-10000.yaml" --format jsonl --fail-on never --repeat-cache 0 --jobs 1
else
  echo "skipped: no benchmarks/.data (python benchmarks/make_corpus.py --sizes 10k,100k)" >"$out/bench.skipped"
fi

# A review session from the command line, then everything that reads it.
s="--session $work/article.session.sqlite"
run s-show-before reviewer session show p8.s1 $s
run s-apply reviewer session apply p8.s1 $s
run s-edit reviewer session edit p1.s1 "Judul baru" --comment "why" $s
run s-dismiss reviewer session dismiss p8.s1 trained-on --reason "fine here" $s
run s-approve reviewer session approve p1.s1 $s
run s-annotate reviewer session annotate p1.s1 0 6 accuracy major --comment "hand" $s
run s-apply-all-dry reviewer session apply-all term:h800s --dry-run $s
run s-apply-all reviewer session apply-all term:h800s $s
run s-undo reviewer session undo $s
run s-redo reviewer session redo $s
run s-show-after reviewer session show p8.s1 $s
run s-log reviewer session log $s
run s-log-json reviewer session log --format json $s
run s-log-csv reviewer session log --format csv $s
run s-unknown reviewer session show nope $s
run export reviewer export --to "$work/export" $s
for f in "$work"/export/*; do cp "$f" "$out/export-$(basename "$f")"; done
sed -E -i "$stamp" "$out"/export-*
run score reviewer score $s --format json
run score-postedit reviewer score --corpus-postedit
run mqm reviewer mqm $s --format json
run mqm-text reviewer mqm $s
run report reviewer report $s --to "$work/report"
for f in "$work"/report/*; do cp "$f" "$out/report-$(basename "$f")"; done
sed -E -i "$stamp; s/reviewer [0-9]+\.[0-9]+\.[0-9]+[^ <\"]*/reviewer VERSION/g" "$out"/report-*

# Bad input: one line naming the file, exit 2.
printf 'a\nb\n' >"$work/two.txt"
printf 'a\n' >"$work/one.txt"
run bad-linecount reviewer check --source "$work/two.txt" --target "$work/one.txt"
run bad-missing reviewer check "$work/nothing.tsv"
printf 'x: [\n' >"$work/bad.yaml"
run bad-glossary reviewer check -g "$work/bad.yaml"
run bad-only reviewer check --only no-such-check
echo "wrote $(ls "$out" | wc -l) files to $out"
