"""How text tokens become language-model tokens, shared by the model build and the decoder.

The model sees lower-case syllables, punctuation marks as themselves, every
number as ``<num>`` (so "năm <num>" is context) and other alphanumerics as
``<other>``.  White space is not a model token.  Each line is one sequence,
opened by two ``<s>`` and closed by ``</s>``.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from vnrestore.text.roman import is_canonical_roman, roman_value
from vnrestore.text.tokenize import Token

UNK, BOS, EOS, NUM, OTHER, ENTRY = "<unk>", "<s>", "</s>", "<num>", "<other>", "<entry>"
#: the special tokens, in the order of their ids (0..5); ``<entry>`` opens and closes a word
#: list entry at build time, so that entries teach word bigrams but not how sentences start or end
SPECIALS: tuple[str, ...] = (UNK, BOS, EOS, NUM, OTHER, ENTRY)
UNK_ID, BOS_ID, EOS_ID, NUM_ID, OTHER_ID, ENTRY_ID = range(6)

#: the letters of list markers "a)", "b)", .. in Vietnamese order
LIST_LETTERS = "abcdđeghiklmnopqrstuvxy"


def next_list_letter(previous: str) -> str:
    """The list marker letter that follows ``previous`` ("" when none does or ``previous`` is no marker).

    >>> next_list_letter("c"), next_list_letter("d"), next_list_letter("đ"), next_list_letter("y"), next_list_letter("")
    ('d', 'đ', 'e', '', '')
    """
    if not previous or previous not in LIST_LETTERS[:-1]:
        return ""
    return LIST_LETTERS[LIST_LETTERS.index(previous) + 1]


#: a line that opens an item: a dash or bullet, a list marker ("a)", "(b)"), a numbered point ("2.", "3)",
#: "1.1.", "II."); each is a line of its own in the training text, so a sequence of the model starts there
ITEM_START = regex.compile(r"\s*(?:[-+•–*]|\(?[\p{Ll}]\)|\(?\p{Nd}{1,2}(?:\.\p{Nd}{1,2})*[.)]|[IVXL]+\.)\s")

#: punctuation after which a capital letter says nothing about the word (a new sentence or item)
SENTENCE_OPENERS = frozenset('.!?:;…()[]"“”\'‘’-–—•*+/')


def is_roman(text: str) -> bool:
    """An upper-case Roman numeral up to 399 ("XVII", "IV"; of single letters only I, V, X).

    In running text (:func:`running_text`) it is a number: kept as printed and ``<num>``
    to the model, so that "khóa XVII đã họp" reads like "khóa <num> đã họp".

    >>> [is_roman(w) for w in ("XVII", "IV", "VI", "X", "C", "vi", "IIII", "VX", "")]
    [True, True, True, True, False, False, False, False, False]
    """
    return (len(text) > 1 or text in "IVX") and is_canonical_roman(text) and roman_value(text) < 400


def running_text(tokens: Sequence[tuple[str, str]]) -> bool:
    """True when some word of the line has a lower-case letter (not an all-caps heading,
    where "VI" may be "VI PHẠM").

    >>> from vnrestore.text.tokenize import tokenize
    >>> running_text(list(tokenize("khoa XVII"))), running_text(list(tokenize("VI PHAM")))
    (True, False)
    """
    return any(kind == "word" and not text.isupper() for kind, text in tokens)


def lm_token(token: Token) -> str | None:
    """The language-model token of a text token, or None for white space.

    >>> from vnrestore.text.tokenize import tokenize
    >>> [lm_token(t) for t in tokenize("Năm 2025, Sở B40")]
    ['năm', None, '<num>', ',', None, 'sở', None, '<other>']
    """
    kind, text = token
    if kind == "word":
        return text.lower()
    if kind == "number":
        return NUM
    if kind == "other":
        return NUM if text[0].isdigit() else OTHER
    if kind == "punct":
        return text
    return None


def case_pattern(word: str) -> str:
    """``lower``, ``title``, ``upper`` (two letters or more) or ``mixed``.

    >>> [case_pattern(w) for w in ("sở", "Sở", "SỞ", "UBNDtỉnh", "A")]
    ['lower', 'title', 'upper', 'mixed', 'title']
    """
    if word.islower():
        return "lower"
    if len(word) > 1 and word.isupper():
        return "upper"
    if word[0].isupper() and (len(word) == 1 or word[1:].islower()):
        return "title"
    return "mixed"
