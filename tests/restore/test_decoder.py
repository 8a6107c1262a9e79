"""The shared decoder on the committed model: it follows the language model, and refuses broken lattices."""

from __future__ import annotations

import numpy as np
import pytest

from vnrestore.restore.api import Restorer
from vnrestore.restore.decoder import decode, local_scores


@pytest.fixture(scope="module")
def model():
    return Restorer().model


def _lattice(model, positions: list[list[str]]) -> tuple[np.ndarray, ...]:
    """One sequence whose positions offer these words, every emission scored alike."""
    ids = [model.id_of(word) for options in positions for word in options]
    assert all(ids), "every word of the test is in the model"
    starts = np.cumsum([0] + [len(options) for options in positions])
    return (np.array([0, len(positions)], np.int64), starts.astype(np.int64), np.array(ids, np.int64),
            np.zeros(len(ids)))


def test_the_language_model_picks_the_common_reading(model) -> None:
    lattice = _lattice(model, [["chính", "chỉnh"], ["quyền", "quyển"], ["điện", "diễn"], ["tử", "tu"]])
    assert decode(model.lm, *lattice).tolist() == [0, 0, 0, 0]
    reversed_options = _lattice(model, [["chỉnh", "chính"], ["quyển", "quyền"], ["diễn", "điện"], ["tu", "tử"]])
    assert decode(model.lm, *reversed_options).tolist() == [1, 1, 1, 1]


def test_emission_scores_can_outweigh_the_language_model(model) -> None:
    seq_start, cand_start, cand_ids, cand_score = _lattice(model, [["chính", "chỉnh"], ["quyền"]])
    cand_score[0] = -40.0
    assert decode(model.lm, seq_start, cand_start, cand_ids, cand_score)[0] == 1


@pytest.mark.parametrize("breakage, message", [
    ("stray id", "outside the model"),
    ("negative id", "outside the model"),
    ("empty position", "at least one candidate"),
    ("short scores", "candidate offsets"),
    ("sequence overrun", "sequence offsets"),
])
def test_a_broken_lattice_is_refused_not_read_out_of_bounds(model, breakage: str, message: str) -> None:
    seq_start, cand_start, cand_ids, cand_score = _lattice(model, [["chính", "chỉnh"], ["quyền"]])
    if breakage == "stray id":
        cand_ids[1] = model.lm[0].size
    elif breakage == "negative id":
        cand_ids[2] = -1
    elif breakage == "empty position":
        cand_start = np.array([0, 3, 3], np.int64)
        seq_start = np.array([0, 2], np.int64)
    elif breakage == "short scores":
        cand_score = cand_score[:2]
    else:
        seq_start = np.array([0, 3], np.int64)
    with pytest.raises(ValueError, match=message):
        decode(model.lm, seq_start, cand_start, cand_ids, cand_score)


def test_local_scores_refuse_a_path_outside_the_lattice(model) -> None:
    lattice = _lattice(model, [["chính", "chỉnh"], ["quyền"]])
    assert local_scores(model.lm, *lattice, np.array([1, 0])).size == 3
    with pytest.raises(ValueError, match="chosen path"):
        local_scores(model.lm, *lattice, np.array([0, 1]))
