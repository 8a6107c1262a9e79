#!/usr/bin/env python3
"""Fit the ``vote`` engine's calibration: P(word right | engine, confidence), one logistic curve per engine.

Renders the sample scan (``make_sample_scan.py``: invented text, not the dev
set) with several seeds, JPEG qualities and resolutions, reads each with
Tesseract and ``aster``, aligns their words to the truth and fits
``P = 1 / (1 + exp(-(a + b * confidence / 100)))`` per engine.  Prints the
table to paste into ``vnrestore/ocr/engines/vote.py``.

    .venv/bin/python scripts/calibrate_vote.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
#: (seed, dpi, JPEG quality) of the calibration renders
RENDERS = [(11, 300, 70), (12, 300, 24), (13, 300, 26), (14, 200, 35), (15, 300, 45)]


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


def main() -> int:
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


if __name__ == "__main__":
    sys.exit(main())
