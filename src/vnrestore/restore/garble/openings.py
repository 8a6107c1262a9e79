"""How a printed line opens: its item marker, read once per line.

Five decisions of the repair hang on a line's first characters, and all read one :class:`Opening`
(:func:`line_opening`), so that they agree on what a marker is:

- mending a marker the OCR misread (:func:`mend_item_markers`), which needs the list letter the
  line before opened;
- the marker's own reading (``GarbleRepairer._with_list_markers``): a list letter as printed, a
  numbered point's number, any other short bracketed marker as printed or as a list letter;
- the capital of the word after an item marker (``capital_openers``);
- where the decoder's sequences start (:func:`paragraph_starts`);
- whether the word after a section number opens a sentence (``_emissions``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import regex

from vnrestore.restore.vocab import ITEM_START, LIST_LETTERS, next_list_letter
from vnrestore.text.roman import as_roman, is_canonical_roman, roman_value

#: a line opening with a list marker: "e) ...", "(b) ...", or "b. " before a capital (a letter of the Vietnamese
#: list alphabet, or đ read as d); the training text opens 407 lines with a lone letter, a stop and a capital
_LIST_MARKER = regex.compile(r"\s*\(?([" + LIST_LETTERS + r"])(?:\)\s|\.\s+(?=\p{Lu}))")
#: a line opening with one or two characters in brackets before a capital: a list marker, maybe misread
#: ("¢) Quyết", "qa) Các"); "vụ) và" is the end of a bracket the line before opened
_ANY_MARKER = regex.compile(r"\s*\(?\S{1,2}\)\s+(?=\p{Lu})")
#: a line opening with a numbered point in brackets: "3) ...", "(4) ..."
_NUMBERED_POINT = regex.compile(r"\s*\(?(\p{Nd}{1,2})\)\s")
#: a section number opening a line ("1.1", "2.3.4"), after which a heading starts ("1.1 Về mục tiêu")
_SECTION_NUMBER = regex.compile(r"^\p{Nd}{1,2}(?:\.\p{Nd}{1,2})+$")


@dataclass(frozen=True)
class Opening:
    """What a printed line opens with."""

    #: the line holds nothing but white space (a paragraph break)
    blank: bool = False
    #: where an item marker of the training text ends (:data:`ITEM_START`: "- ", "a) ", "2. ", "II. "), or -1
    item_end: int = -1
    #: the first word is a section number ("1.1 Về mục tiêu")
    section: bool = False
    #: the letter of a list marker ("b) ", "(c) ", "d. " before a capital), or ""
    letter: str = ""
    #: the number of a numbered point in brackets ("3) ", "(4) "), or ""
    number: str = ""
    #: one or two characters in brackets before a capital: a marker, maybe misread ("¢) Quyết", "qa) Các")
    bracketed: bool = False

    @property
    def opens_item(self) -> bool:
        return self.item_end >= 0

    @property
    def starts_sequence(self) -> bool:
        """The training text has the line on its own, so a sequence of the language model starts here."""
        return self.opens_item or self.section


def line_opening(line: str) -> Opening:
    """The :class:`Opening` of one printed line.

    >>> line_opening("b) Giay de nghi")
    Opening(blank=False, item_end=3, section=False, letter='b', number='', bracketed=True)
    >>> line_opening("(4) Ban"), line_opening("1.1 Vé muc tiéu").section, line_opening("qa) Cac").bracketed
    (Opening(blank=False, item_end=4, section=False, letter='', number='4', bracketed=True), True, True)
    >>> line_opening("vu) va"), line_opening("   ").blank
    (Opening(blank=False, item_end=-1, section=False, letter='', number='', bracketed=False), True)
    """
    words = line.split()
    if not words:
        return Opening(blank=True)
    item, letter, number = ITEM_START.match(line), _LIST_MARKER.match(line), _NUMBERED_POINT.match(line)
    return Opening(item_end=item.end() if item else -1, section=_SECTION_NUMBER.match(words[0]) is not None,
                   letter=letter.group(1) if letter else "", number=number.group(1) if number else "",
                   bracketed=_ANY_MARKER.match(line) is not None)


def paragraph_starts(openings: list[Opening], slot_counts: list[int]) -> np.ndarray:
    """Slot offsets where the decoder's sequences start: one sequence per run of non-blank lines, and one
    from each line that opens an item ("- ", "a) ", "2. ", "1.1 "), as the training text has them.

    >>> lines = ["a b", "c", "", "d", "1.1 e", "- f"]
    >>> paragraph_starts([line_opening(x) for x in lines], [2, 1, 0, 1, 2, 2]).tolist()
    [0, 3, 4, 6, 8]
    """
    starts, total, open_run = [0], 0, False
    for opening, count in zip(openings, slot_counts):
        if opening.blank:
            if open_run:
                starts.append(total)
            open_run = False
            continue
        if open_run and opening.starts_sequence:
            starts.append(total)
        total += count
        open_run = True
    if open_run:
        starts.append(total)
    return np.array(starts, np.int64)


#: a line opening with a list marker whose ")" English OCR read as another mark (which letter, which mark)
_MISREAD_MARKER = regex.compile(r"^(\s*\(?)([" + LIST_LETTERS + r"])([}\]|!l1i])(?=\s+\p{Lu})")
#: a line opening with a numbered point whose full stop English OCR read as a comma ("2, Trong")
_MISREAD_POINT = regex.compile(r"^(\s*\p{Nd}{1,2}(?:\.\p{Nd}{1,2})*),(?=\s+\p{Lu})")
#: a line opening with a part's Roman numeral, maybe misread ("IL. Vé", "Il. Vé", "I1. Vé" for "II. Về"): letters
#: and strokes English OCR prints for I, V and X, with a capital among them, a full stop and a capital
_NUMERAL_MARKER = regex.compile(r"^(\s*)((?=[^.]*[IVXL])[IVXLl1|]{1,5})\.(?=\s+\p{Lu})")
#: the Roman digit each printed character stands for in a part's numeral (a part numbered L, 50, is none of ours)
_NUMERAL_DIGITS = str.maketrans("lL1|", "IIII")


def mend_item_markers(lines: list[str]) -> list[str]:
    """Lines of a document opening with an item marker the OCR misread get it back; each line keeps
    its length.

    A numbered point's full stop read as a comma ("2, Trong" is "2. Trong"): in the training pairs,
    415 of 428 lines opening with one or two digits, a comma and a capital were so. A list marker's
    ")" read as "}", "]", "|", "!", "l" or "1" ("a} Giay"); read as "i", only where the letter is the
    one the list expects next ("bi" after "a)"), since "bi", "vi" and "di" are words too: 88 of 112
    lines opening so were list markers, and 5 of the 17 with "i" were not.

    >>> mend_item_markers(["a} Giay", "bi Ban", "vi Tri", "c] Mau", "(dl Ban", "bi Giay"])
    ['a) Giay', 'b) Ban', 'vi Tri', 'c) Mau', '(d) Ban', 'bi Giay']
    >>> mend_item_markers(["2, Trong qua trinh", "1.2, Cac", "2, 3 Diéu 5", "khoan 1, Diéu 2"])
    ['2. Trong qua trinh', '1.2. Cac', '2, 3 Diéu 5', 'khoan 1, Diéu 2']
    """
    out, previous, part = [], "", 0
    for line in lines:
        line = _MISREAD_POINT.sub(r"\1.", line, count=1)
        line, part = _mend_part_numeral(line, part)
        match = _MISREAD_MARKER.match(line)
        if match is not None:
            letter, mark = match.group(2), match.group(3)
            if mark != "i" or letter == next_list_letter(previous) or (letter == "a" and not previous):
                line = match.group(1) + letter + ")" + line[match.end():]
        previous = line_opening(line).letter or previous
        out.append(line)
    return out


def _mend_part_numeral(line: str, previous: int) -> tuple[str, int]:
    """``line`` with the Roman numeral of the part it opens mended where the OCR misread it as the numeral
    that follows part ``previous`` ("IL. Vé" after "I." is "II. Vé"), and the number of the last part seen.

    English OCR prints the strokes of "II" as "IL", "Il" or "I1", and the repair would read such a
    word as a syllable ("Ii"), which no outline knows.  Only the numeral the parts expect next is
    written: after "I.", "IL." is "II." but "Il." after "II." is left to the decoder.

    >>> _mend_part_numeral("IL. Vé du thao", 1), _mend_part_numeral("IIl. Két luan", 2)
    (('II. Vé du thao', 2), ('III. Két luan', 3))
    >>> _mend_part_numeral("IV. Dé xuat", 3), _mend_part_numeral("Il. Vé", 2), _mend_part_numeral("1. Muc tieu", 1)
    (('IV. Dé xuat', 4), ('Il. Vé', 2), ('1. Muc tieu', 1))
    """
    match = _NUMERAL_MARKER.match(line)
    if match is None:
        return line, previous
    printed = match.group(2)
    if is_canonical_roman(printed):
        return line, roman_value(printed)
    read = printed.translate(_NUMERAL_DIGITS)
    if read != as_roman(previous + 1):
        return line, previous
    start, end = match.span(2)
    return line[:start] + read + line[end:], previous + 1
