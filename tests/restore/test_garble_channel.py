"""The garble channel: EM learns substitutions, smoothing keeps unseen ones possible, storage round-trips."""

from __future__ import annotations

import math
import random
from collections import Counter

import numpy as np
import pytest

from vnrestore.restore.garble.candidates import CandidateIndex
from vnrestore.restore.garble.channel import Channel
from vnrestore.restore.garble.train import SYMBOL_SHARE, count_pairs, digit_folding, train_channel

#: a toy wrong-language printer: how each marked letter comes out
_PRINTS = {"ố": ["é", "6", "o"], "ủ": ["ti", "u", "t"], "à": ["a"], "ề": ["é", "&"], "ư": ["ur", "u"],
           "Đ": ["P", "D"], "ạ": ["a"], "ế": ["é"], "ệ": ["é", "e"], "ọ": ["o"], "ậ": ["a"]}
_WORDS = ["số", "của", "là", "về", "Đề", "như", "mạnh", "điện", "học", "luật", "quyết", "đó", "tin", "sở"]


def _garble(word: str, rng: random.Random) -> str:
    out = []
    for char in word:
        options = _PRINTS.get(char)
        if options is None:
            options = ["d"] if char == "đ" else [char]
        out.append(rng.choice(options))
    return "".join(out)


@pytest.fixture(scope="module")
def toy_channel() -> Channel:
    rng = random.Random(7)
    pairs: Counter = Counter()
    for _ in range(3000):
        word = rng.choice(_WORDS)
        pairs[word, _garble(word, rng)] += 1
    everything = Counter({**pairs, ("2021", "2021"): 40, ("là", "13"): 5, ("CMCN", "CMCN"): 6})
    return train_channel(pairs, everything, iterations=4)


def _top_pieces(channel: Channel, char: str, n: int) -> list[str]:
    row = channel.logp[channel.char_index[char]]
    return [channel.pieces[i] for i in np.argsort(-row)[:n]]


def test_em_learns_multi_character_pieces(toy_channel: Channel) -> None:
    assert "ti" in _top_pieces(toy_channel, "ủ", 3)
    assert "ur" in _top_pieces(toy_channel, "ư", 2)
    assert set(_top_pieces(toy_channel, "ố", 3)) == {"é", "6", "o"}


def test_rows_are_distributions(toy_channel: Channel) -> None:
    sums = np.exp(toy_channel.logp.astype(np.float64)).sum(axis=1)
    assert np.allclose(sums, 1.0, atol=1e-3)


def test_scores_prefer_the_garbling_that_was_seen(toy_channel: Channel) -> None:
    assert toy_channel.score_one("ctia", "của") > toy_channel.score_one("ctia", "cua") + 3
    assert toy_channel.score_one("s6", "số") > toy_channel.score_one("s6", "sở")
    assert toy_channel.score_one("Pé", "Đề") > toy_channel.score_one("Pé", "Để")


def test_unseen_substitutions_stay_possible(toy_channel: Channel) -> None:
    # "x" for "ố" and the never-seen "¤" were never printed in training: unlikely, not impossible
    assert math.isfinite(toy_channel.score_one("sx", "số"))
    assert toy_channel.score_one("s¤", "số") > -60


def test_keep_rates_are_learned_per_class(toy_channel: Channel) -> None:
    assert toy_channel.keep_logp["number"] > math.log(0.5)  # "2021" printed as itself, mostly
    assert toy_channel.keep_logp["upper"] > math.log(0.5)


def test_save_load_round_trip_is_byte_stable(toy_channel: Channel, tmp_path) -> None:
    first, second = tmp_path / "a.npz", tmp_path / "b.npz"
    toy_channel.save(first)
    loaded = Channel.load(first)
    loaded.save(second)
    assert first.read_bytes() == second.read_bytes()
    assert loaded.score_one("ctia", "của") == pytest.approx(toy_channel.score_one("ctia", "của"), abs=0.05)


def test_a_two_character_piece_standing_for_one_letter_folds_whole_and_round_trips(toy_channel: Channel,
                                                                                  tmp_path) -> None:
    assert toy_channel.folds["ti"] == "u" and toy_channel.folds["ur"] == "u"  # ủ → "ti", ư → "ur"
    toy_channel.save(tmp_path / "c.npz")
    assert Channel.load(tmp_path / "c.npz").folds == toy_channel.folds
    forms = ["luật", "lực", "lục", "lứt", "lượt"]
    index = CandidateIndex(forms, list(range(len(forms))), toy_channel)
    assert "lurt" in index.folds("lurt") and "lut" in index.folds("lurt")


def test_a_word_printed_as_digits_is_paired_once_the_learned_folds_read_them() -> None:
    lines = [("tổ chức lễ tang ngày 15", "t6 chic 16 tang ngay 15")]
    plain = count_pairs(lines)[1]
    folded = count_pairs(lines, digit_folding({"1": "l", "6": "o"}))[1]
    assert ("lễ", "16") not in plain and folded[("lễ", "16")] == 1
    assert folded[("15", "15")] == 1 and folded[("tổ", "t6")] == 1  # numbers still pair with themselves


def test_adaptation_moves_the_channel_towards_the_document(toy_channel: Channel) -> None:
    before = toy_channel.score_one("s0", "số")
    counts = toy_channel.expected_counts([("số", "s0", 50.0)])
    after = toy_channel.adapted(counts).score_one("s0", "số")
    assert after > before + 1


def test_candidate_index_finds_the_true_syllable(toy_channel: Channel) -> None:
    forms = ["là", "số", "của", "về", "đề", "như", "mạnh", "sở", "cửa", "cua", "la", "so", "đó", "do"]
    index = CandidateIndex(forms, list(range(len(forms))), toy_channel)
    for printed, truth in [("s6", "số"), ("ctia", "của"), ("nhur", "như"), ("Pé", "Đề"), ("V&", "Về")]:
        found = index.lookup(printed).forms
        assert truth in found, (printed, found)
    assert index.lookup("ctia").forms[0] == "của"


def test_a_symbol_one_marked_vowel_prints_as_is_possible_for_every_marked_vowel(toy_channel: Channel) -> None:
    """Only "ề" printed "&" in training; "ở" (never seen so) still gets a real share of "&", "ọ" too,
    while a consonant stays at the floor."""
    amp = toy_channel.piece_index["&"]
    share = math.exp(float(toy_channel.logp[toy_channel.char_index["ở"], amp]))
    assert share >= 0.5 * SYMBOL_SHARE
    assert math.exp(float(toy_channel.logp[toy_channel.char_index["ọ"], amp])) >= 0.5 * SYMBOL_SHARE
    assert math.exp(float(toy_channel.logp[toy_channel.char_index["t"], amp])) < 0.1 * SYMBOL_SHARE
