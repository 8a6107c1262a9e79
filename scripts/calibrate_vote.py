#!/usr/bin/env python3
"""Fit the ``vote`` engine's calibration: P(word right | engine, confidence), one logistic curve per engine.

Renders the sample scan (``make_sample_scan.py``: invented text, not the dev
set) with several seeds, JPEG qualities and resolutions, reads each with
Tesseract and ``aster``, aligns their words to the truth and fits
``P = 1 / (1 + exp(-(a + b * confidence / 100)))`` per engine.  Prints the
table to paste into ``vnrestore/ocr/engines/vote.py``.

With ``--dev`` it fits the one other number, ``LM_WEIGHT`` (how much the
trigram model's log-probability of the line counts against the calibrated
confidences), on ``SHARED/eval/ocr``: both engines read every dev page once,
the vote is re-run for each weight of a small grid, and the weight is chosen
on one half of the pages and scored on the other half (and the other way
round), then on all six; the confidence-only vote (weight 0) is the baseline.

    .venv/bin/python scripts/calibrate_vote.py
    nice .venv/bin/python scripts/calibrate_vote.py --dev --shared ../shared
"""

from __future__ import annotations

import argparse
import copy
import json
import pickle
import subprocess
import sys
from collections import defaultdict
import tempfile
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
#: (seed, dpi, JPEG quality) of the calibration renders
RENDERS = [(11, 300, 70), (12, 300, 24), (13, 300, 26), (14, 200, 35), (15, 300, 45)]
#: LM weights tried by --dev (0 = confidence only)
WEIGHTS = (0.0, 0.01, 0.03, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 3.0)
#: the two halves of the dev pages (file, page) for the held-out check: one medium and one hard page each
HALVES = ((("dev01.pdf", 1), ("dev01.pdf", 2), ("dev02.pdf", 2)), (("dev02.pdf", 1), ("dev03.pdf", 1), ("dev03.pdf", 2)))


def word_outcomes(truth: str, words) -> list[tuple[float, bool]]:
    """(confidence, right?) for each read word aligned one-for-one with a truth word or read as extra."""
    from rapidfuzz.distance import Levenshtein

    read = [w.text for w in words]
    right = [False] * len(read)
    for tag, r0, r1, _t0, _t1 in Levenshtein.opcodes(read, truth.split()):
        if tag == "equal":
            right[r0:r1] = [True] * (r1 - r0)
    return [(w.confidence, ok) for w, ok in zip(words, right)]


def fit_logistic(x: np.ndarray, y: np.ndarray, steps: int = 50) -> tuple[float, float]:
    """Intercept and slope of a logistic regression of ``y`` on ``x`` (Newton's method, light ridge)."""
    features = np.stack([np.ones_like(x), x], axis=1)
    weights = np.zeros(2)
    for _ in range(steps):
        p = 1 / (1 + np.exp(-features @ weights))
        gradient = features.T @ (y - p) - 1e-3 * weights
        hessian = features.T @ (features * (p * (1 - p))[:, None]) + 1e-3 * np.eye(2)
        weights += np.linalg.solve(hessian, gradient)
    return float(weights[0]), float(weights[1])


def fit_calibration() -> int:
    """The logistic curves, from renders of the invented sample scan."""
    sys.path.insert(0, str(REPO / "src"))
    from vnrestore.ocr.api import ocr_pdf

    outcomes: dict[str, list[tuple[float, bool]]] = {"aster": [], "tesseract": []}
    with tempfile.TemporaryDirectory() as folder:
        for seed, dpi, quality in RENDERS:
            out = Path(folder) / f"s{seed}"
            subprocess.run([sys.executable, str(REPO / "scripts" / "make_sample_scan.py"), "--out-dir", str(out),
                            "--seed", str(seed), "--dpi", str(dpi), "--quality", str(quality)],
                           check=True, capture_output=True)
            truth = " ".join((out / "sample-scan.txt").read_text(encoding="utf-8").split())
            for engine in outcomes:
                page = ocr_pdf(out / "sample-scan.pdf", engine=engine, jobs=1)[0]
                outcomes[engine] += word_outcomes(truth, page.words)
    for engine, pairs in outcomes.items():
        x = np.array([c / 100 for c, _ in pairs])
        y = np.array([float(ok) for _, ok in pairs])
        intercept, slope = fit_logistic(x, y)
        print(f'    "{engine}": ({intercept:.2f}, {slope:.2f}),  # {len(pairs)} words, {100 * y.mean():.1f}% right')
    return 0


def dev_readings(folder: Path, pages: list[dict], cache: Path | None) -> dict:
    """(engine, file, page) -> PageResult of ``aster`` and ``tesseract`` on every dev page (cached if asked)."""
    from vnrestore.ocr.api import ocr_pdf

    if cache is not None and cache.is_file():
        return pickle.loads(cache.read_bytes())
    readings = {}
    for pdf in dict.fromkeys(p["file"] for p in pages):
        for engine in ("aster", "tesseract"):
            for number, page in enumerate(ocr_pdf(folder / pdf, engine=engine, jobs=2), start=1):
                readings[(engine, pdf, number)] = page
    if cache is not None:
        from vnrestore.output.atomic import atomic_open

        with atomic_open(cache, "wb") as handle:
            handle.write(pickle.dumps(readings))
    return readings


def vote_scores(readings: dict, folder: Path, pages: list[dict], weight: float) -> dict:
    """(file, page) -> (level, Score) of the vote with LM weight ``weight``."""
    from ocr_metrics import score

    from vnrestore.ocr.engines.vote import vote_line, words_by_line
    from vnrestore.restore.tables import shared_model

    model = shared_model()
    scores = {}
    for p in pages:
        page = copy.deepcopy(readings[("aster", p["file"], p["page"])])
        shares = words_by_line(page.lines, readings[("tesseract", p["file"], p["page"])].words)
        for line, share in zip(page.lines, shares):
            line.words = vote_line(line.words, share, lm_weight=weight, model=model)
        scores[(p["file"], p["page"])] = (p["level"], score((folder / p["gt"]).read_text(encoding="utf-8"), page.text))
    return scores


def summary(scores: dict, keys) -> tuple[float, dict[str, float]]:
    """Micro-averaged CER % over ``keys``, and per level."""
    from ocr_metrics import Score

    total, levels = Score(), defaultdict(Score)
    for key in keys:
        level, s = scores[key]
        total += s
        levels[level] += s
    return 100 * total.cer, {level: 100 * s.cer for level, s in levels.items()}


def fit_lm_weight(shared: Path, cache: Path | None) -> int:
    """Choose LM_WEIGHT on each half of the dev pages, score it on the other half, then on all."""
    sys.path.insert(0, str(REPO / "scripts"))
    folder = shared / "eval" / "ocr"
    pages = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["pages"]
    readings = dev_readings(folder, pages, cache)
    by_weight = {weight: vote_scores(readings, folder, pages, weight) for weight in WEIGHTS}
    every = [(p["file"], p["page"]) for p in pages]
    print("weight  " + "  ".join(f"{h}:CER%" for h in ("half A", "half B", "all")) + "   per level (all)")
    for weight, scores in by_weight.items():
        cells = [summary(scores, keys)[0] for keys in (*HALVES, every)]
        levels = summary(scores, every)[1]
        print(f"{weight:<7}" + "".join(f"{c:>12.2f}" for c in cells) + "   "
              + " ".join(f"{lv} {levels[lv]:.2f}" for lv in ("clean", "light", "medium", "hard") if lv in levels))
    for fit, held in ((0, 1), (1, 0)):
        best = min(WEIGHTS, key=lambda w: (summary(by_weight[w], HALVES[fit])[0], w))
        print(f"fitted on half {'AB'[fit]}: weight {best}; held-out half {'AB'[held]}: "
              f"CER {summary(by_weight[best], HALVES[held])[0]:.2f}% (confidence only "
              f"{summary(by_weight[0.0], HALVES[held])[0]:.2f}%)")
    best = min(WEIGHTS, key=lambda w: (summary(by_weight[w], every)[0], w))
    print(f"fitted on all pages: LM_WEIGHT = {best} (CER {summary(by_weight[best], every)[0]:.2f}%, "
          f"confidence only {summary(by_weight[0.0], every)[0]:.2f}%)")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", action="store_true", help="fit LM_WEIGHT on SHARED/eval/ocr instead")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--cache", type=Path, help="keep the engines' dev readings in this file (reused if present)")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO / "src"))
    if args.dev:
        return fit_lm_weight(args.shared, args.cache)
    return fit_calibration()


if __name__ == "__main__":
    sys.exit(main())
