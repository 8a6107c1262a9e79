#!/usr/bin/env python3
"""Evaluate the repair of wrong-language OCR on a garbled dev set made from ``corpora/dev``.

The dev set is made by the same render → damage → ``tesseract -l eng`` route as
the training pairs (``scripts/make_garble_pairs.py``), in three parts: ``seen``
and ``office`` (fonts and damage like training) and ``unseen`` (held-out fonts and damage).
Lines are grouped into pages of 40 (one font and damage per page), and each page
is repaired as one document, so the channel adapts to it.

Prints, per part: syllable accuracy before and after repair, candidate recall
(the true syllable among the candidates of its printed word), accuracy among the
syllables the OCR printed as one word and among the others (dropped, glued, split),
with what every one-word syllable right would give, accuracy through auto mode (the default) with the
page cut into short paragraphs, the most frequent errors; then the share of syllables changed when clean dev text goes through
``auto`` mode (and through forced ``garbled`` mode, for information).

    python scripts/eval_garbled.py [--shared ../shared] [--lines 1200]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

from rapidfuzz.distance import Levenshtein  # noqa: E402

from vnrestore.restore.garble.align import align_words, core  # noqa: E402
from vnrestore.restore.garble.load import shared_repairer  # noqa: E402
from vnrestore.restore.garble.pairs import PAGE_LINES, generate  # noqa: E402
from vnrestore.restore.garble.prepare import prepare  # noqa: E402
from vnrestore.text.diacritics import nfc, to_tone_style  # noqa: E402

PAGE = PAGE_LINES
#: dev parts and their seeds: ``seen`` and ``office`` are rendered like the training pairs (part 1 and
#: part 1b: the seen faces, and the metric clones of Times New Roman, Arial, Courier New with low-resolution
#: scans too); ``unseen`` in faces and damage the channel never saw (part 2)
PARTS = {"seen": 4242, "office": 4444, "unseen": 4343}


def dev_records(cache: Path, shared: Path, style: str, lines: int) -> list[dict]:
    """The dev part, generated on first use (deterministic seed per part) and cached."""
    files = generate(shared / "corpora", "dev", style, lines, PARTS[style], cache, jobs=2,
                     log=lambda message: print(message, file=sys.stderr, flush=True))
    records = []
    for path in files:
        with open(path, encoding="utf-8") as handle:
            records.extend(json.loads(line) for line in handle)
    for record in records:
        record["truth"] = to_tone_style(nfc(record["truth"]), "old")
    return records[:lines]


def syllable_score(outputs: list[str], truths: list[str], errors: Counter | None = None) -> tuple[int, int]:
    """(right, total) over the letter-only true words of each line.

    A true word is right when the minimum word edit alignment of the output line to the
    true line (words compared without their punctuation) pairs it with an equal output
    word.  Inside a replaced run, output and true words are paired in order for the
    error list; true words left over are reported as dropped ("∅").
    """
    right = total = 0
    for output, truth in zip(outputs, truths):
        got_words = [core(w) for w in output.split()]
        true_words = [core(w) for w in truth.split()]
        for op in Levenshtein.opcodes(got_words, true_words):
            for offset, index in enumerate(range(op.dest_start, op.dest_end)):
                target = true_words[index]
                if not target.isalpha():
                    continue
                total += 1
                if op.tag == "equal":
                    right += 1
                elif errors is not None:
                    at = op.src_start + offset
                    errors[target, got_words[at] if at < op.src_end else "∅"] += 1
    return right, total


def read_as(repairer, printed: str) -> str:
    """The word the repair looks up for a printed word: the one word slot :meth:`GarbleRepairer.slots`
    makes of it once prepared as the repair prepares a line (a dash glued to its edge set apart:
    "-quyén" is read as "quyén"); the word's core where the repair makes more than one.
    """
    words = [slot.printed for slot in repairer.slots(prepare(printed)) if slot.editable]
    return words[0] if len(words) == 1 else core(printed)


def candidate_recall(repairer, records: list[dict]) -> tuple[int, int]:
    """(found, total): true syllables among the candidates (or the printed word) of their aligned printed
    word, looked up as the repair reads it (:func:`read_as`)."""
    found = total = 0
    for record in records:
        printed, truth = record["ocr"].split(), record["truth"].split()
        for p_idx, t_idx in align_words(printed, truth):
            if len(p_idx) != 1 or len(t_idx) != 1:
                continue
            target, word = core(truth[t_idx[0]]), read_as(repairer, printed[p_idx[0]])
            if not target.isalpha() or not word:
                continue
            total += 1
            forms = set(repairer.word_hypotheses(word))
            found += target in forms
    return found, total


def repair_pages(repairer, lines: list[str]) -> list[str]:
    out = []
    for start in range(0, len(lines), PAGE):
        texts, _ = repairer.repair_document(lines[start : start + PAGE])
        out.extend(texts)
    return out


def through(restorer, lines: list[str]) -> list[str]:
    """``lines`` through a public :class:`Restorer`, one 40-line page (one document) at a time."""
    out: list[str] = []
    for start in range(0, len(lines), PAGE):
        out.extend(restorer.restore("\n".join(lines[start : start + PAGE])).split("\n"))
    return out


#: lines per paragraph when a dev page goes through auto mode as a document of short paragraphs
AUTO_PARAGRAPH = 5


def through_paragraphs(restorer, lines: list[str], every: int = AUTO_PARAGRAPH) -> list[str]:
    """``lines`` through a public :class:`Restorer`, a 40-line page at a time, with a blank line after every
    ``every`` lines (real scans come in short paragraphs, which auto mode judges one by one); the output
    lines of the input lines."""
    out: list[str] = []
    for start in range(0, len(lines), PAGE):
        text, index = [], []
        for k, line in enumerate(lines[start : start + PAGE]):
            if k and k % every == 0:
                text.append("")
            index.append(len(text))
            text.append(line)
        got = restorer.restore("\n".join(text)).split("\n")
        out.extend(got[i] for i in index)
    return out


def by_printing(records: list[dict], repaired: list[str]) -> dict[str, tuple[int, int]]:
    """(right, total) true syllables after repair, split by how the OCR printed them: as one word
    ("one word") or not ("other": dropped, glued to a neighbour, split in two)."""
    right: Counter = Counter()
    total: Counter = Counter()
    for record, output in zip(records, repaired):
        printed, truth = record["ocr"].split(), record["truth"].split()
        one_word = {t[0] for p, t in align_words(printed, truth) if len(p) == 1 and len(t) == 1}
        got, true_words = [core(w) for w in output.split()], [core(w) for w in truth]
        for op in Levenshtein.opcodes(got, true_words):
            for index in range(op.dest_start, op.dest_end):
                if true_words[index].isalpha():
                    kind = "one word" if index in one_word else "other"
                    total[kind] += 1
                    right[kind] += op.tag == "equal"
    return {kind: (right[kind], total[kind]) for kind in ("one word", "other")}


def by_damage(records: list[dict], repaired: list[str]) -> dict[str, tuple[int, int]]:
    """(right, total) syllables after repair per damage profile."""
    found: dict[str, tuple[int, int]] = {}
    for profile in sorted({r["damage"] for r in records}):
        pick = [i for i, r in enumerate(records) if r["damage"] == profile]
        found[profile] = syllable_score([repaired[i] for i in pick], [records[i]["truth"] for i in pick])
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--cache", type=Path, default=REPO / ".cache" / "garble")
    parser.add_argument("--models", type=Path, default=None)
    parser.add_argument("--lines", type=int, default=1200)
    parser.add_argument("--errors", type=int, default=30)
    parser.add_argument("--parts", default=",".join(PARTS), help="comma-separated dev parts (default: all)")
    args = parser.parse_args(argv)

    from vnrestore.restore.api import Restorer
    from vnrestore.text.diacritics import strip_diacritics

    started = time.perf_counter()
    repairer = shared_repairer(args.models)
    print(f"model loaded in {time.perf_counter() - started:.2f} s")
    auto, stripped_mode = Restorer(args.models, mode="auto"), Restorer(args.models, mode="stripped")
    clean_truth: list[str] = []
    for style in args.parts.split(","):
        records = dev_records(args.cache, args.shared, style, args.lines)
        truths = [r["truth"] for r in records]
        printed = [r["ocr"] for r in records]
        clean_truth.extend(truths)
        before = syllable_score(printed, truths)
        started = time.perf_counter()
        repaired = repair_pages(repairer, printed)
        elapsed = time.perf_counter() - started
        errors: Counter = Counter()
        after = syllable_score(repaired, truths, errors)
        found, total = candidate_recall(repairer, records)
        fonts = sorted({r["font"] for r in records})
        damage = sorted({r["damage"] for r in records})
        print(f"\n== part {style}: {len(records)} lines, {before[1]} syllables; fonts {', '.join(fonts)}; damage {', '.join(damage)}")
        print(f"syllable accuracy before repair: {100 * before[0] / before[1]:.2f}%")
        print(f"syllable accuracy after repair:  {100 * after[0] / after[1]:.2f}%  ({elapsed:.1f} s)")
        printed_lines = [k for k, line in enumerate(printed) if line.strip()]
        if len(printed_lines) < len(printed):
            kept = syllable_score([repaired[k] for k in printed_lines], [truths[k] for k in printed_lines])
            print(f"  the {len(printed) - len(printed_lines)} lines the OCR printed empty ({after[1] - kept[1]} "
                  f"syllables, beyond any repair) set aside: {100 * kept[0] / max(kept[1], 1):.2f}%")
        print(f"candidate recall: {100 * found / max(total, 1):.2f}% of {total} syllables the OCR printed as one word "
              f"({100 * total / before[1]:.1f}% of all; the rest were dropped, split or glued by the OCR)")
        printing = by_printing(records, repaired)
        (one_right, one_total), (other_right, other_total) = printing["one word"], printing["other"]
        print(f"right among syllables printed as one word: {100 * one_right / max(one_total, 1):.2f}%, among the "
              f"others: {100 * other_right / max(other_total, 1):.2f}%; with every one-word syllable right: "
              f"{100 * (one_total + other_right) / max(one_total + other_total, 1):.2f}%")
        print("after repair by damage profile: " + ", ".join(
            f"{name} {100 * r / max(t, 1):.2f}% of {t}" for name, (r, t) in by_damage(records, repaired).items()))
        right, total = syllable_score(through_paragraphs(auto, printed), truths)
        print(f"through auto mode (the default), the page cut into {AUTO_PARAGRAPH}-line paragraphs: "
              f"{100 * right / total:.2f}%")
        print(f"top {args.errors} errors (truth → output: count):")
        for (truth, got), count in errors.most_common(args.errors):
            print(f"  {truth} → {got}: {count}")

    right, total = syllable_score(through(auto, clean_truth), clean_truth)
    print(f"\nclean dev text through auto mode: {100 * (1 - right / total):.2f}% of {total} syllables changed"
          "   [target ≤ 0.5%]")
    forced = repair_pages(repairer, clean_truth[:400])
    right, total = syllable_score(forced, clean_truth[:400])
    print(f"clean dev text through forced garbled mode (400 lines): {100 * (1 - right / total):.2f}% changed")
    stripped = [strip_diacritics(line) for line in clean_truth]
    for name, restorer in (("stripped", stripped_mode), ("auto", auto)):
        right, total = syllable_score(through(restorer, stripped), clean_truth)
        print(f"stripped dev text through {name} mode: {100 * right / total:.2f}% of {total} syllables right")
    return 0


if __name__ == "__main__":
    sys.exit(main())
