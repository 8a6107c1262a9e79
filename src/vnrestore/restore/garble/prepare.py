"""The printed line as the repair reads it: what OCR glued, split or broke, set right in the text first.

Pure text functions, before any word is read: a space OCR closed with a stop, a dash or a horn-like
mark opened again ("cé.nghia", "s6’96/2020/TT-BTC"), a dash glued to a word's edge set apart, a
date's year that lost its last digit joined, a numbered point glued to its first word spaced, a
bracket printed for "l" read as the letter, and a misread item marker mended
(:func:`.openings.mend_item_markers`).  Each keeps the line's words in order; the repair then reads
the words of the prepared line (:mod:`.repair`).
"""

from __future__ import annotations

import regex

from .openings import mend_item_markers

#: a printed word with its punctuation: no white space and no control character (a lone "\r", "\x1c"),
#: which stay in the line as they are
CHUNK = regex.compile(r"[^\s\p{C}]+")
#: marks OCR put between two words where a space was ("có.nghĩa", "quy-định", "Chỉ..đạo", "hiện:phòng",
#: "hóa,.Thể"): a run of stops and dashes between two letters, each side's last / first two letters a word's
#: (a capital then lower case at most: "TP.HCM", "v.v" are no glue)
_GLUE = regex.compile(r"(?<=\p{L}\p{Ll})[-.:;,~_]+(?=\p{L}\p{Ll})")
#: a comma between two letters, the space after it lost ("c,d," of "điểm c, d,"): no word or code holds one
_COMMA_GLUE = regex.compile(r"(?<=\p{L}),(?=\p{L})")
#: chunks that may legitimately hold such marks: addresses, codes, numbers, web names
_ADDRESS = regex.compile(r"[/@\p{Nd}]|www|://|\.(?:vn|com|net|org|gov|edu)\b", regex.IGNORECASE)
#: what English OCR prints for a horn or hook: inside a word ("nu'c" for "nước") or glued to the
#: next word ("co’sé" for "cơ sở", "t6’chirc" for "tổ chức", "hé”tro" for "hỗ trợ"); the repair decides which (:meth:`.repair.GarbleRepairer.split_point`)
GLUE_MARKS = "'’‘`°“”\"*"


def unglue(line: str) -> str:
    """Open the space OCR glued shut with a stop or dash between two words.

    A lone dash stays: whether it joins a compound ("kinh tế-xã hội") or stands for a space
    ("quy-định") the language model decides once the words are read (:func:`hyphen_is_space`).
    Elsewhere a run of marks, or a full stop before lower case, is the misread space itself,
    and goes.  A comma, colon or semicolon stays before the space; so does a single full stop
    before a capital (a sentence's end).

    >>> unglue("cé.nghia TP.HCM v.v www.gov.vn congbao.chinhphu.vn 15.30 thﬁng'tin")
    "cé nghia TP.HCM v.v www.gov.vn congbao.chinhphu.vn 15.30 thﬁng'tin"
    >>> unglue("quy-dinh té-Xa Chi..dao hién:phong héa,.Thé nam.Theo NQ-CP e-mail")
    'quy-dinh té-Xa Chi dao hién: phong héa, Thé nam. Theo NQ-CP e-mail'
    >>> unglue("diém a, b,c,d, d,e,g va 43,84")
    'diém a, b, c, d, d, e, g va 43,84'
    """
    if not _GLUE.search(line) and not _COMMA_GLUE.search(line):
        return line
    return CHUNK.sub(_unglue_chunk, line)


def _unglue_chunk(match: regex.Match) -> str:
    chunk = match.group()
    if _ADDRESS.search(chunk):
        return chunk
    return _COMMA_GLUE.sub(", ", _GLUE.sub(_open_glue, chunk))


def _open_glue(match: regex.Match) -> str:
    """What stands for one glueing run of marks: a lone dash itself, else a space kept after a
    leading comma, colon or semicolon, or after a lone full stop before a capital."""
    run, after = match.group(), match.string[match.end()]
    if run == "-":
        return run
    if run[0] in ",:;" or (run == "." and after.isupper()):
        return run[0] + " "
    return " "


#: a date whose year lost its last digit to a space and a letter-like 1 ("24/12/202 I")
_BROKEN_YEAR = regex.compile(r"(?<![\p{Nd}/])(\p{Nd}{1,2}/\p{Nd}{1,2}/(?:19|20)\p{Nd}) ?[Il|](?![\p{L}\p{Nd}])")


#: words joined by a hyphen or a slash with no space ("tế-Xã" of "Kinh tế - Xã hội", "đồng/tháng",
#: "cấp/cấp lại"), each part letters only and none written like a code: all capitals ("NQ-CP", "QĐ/UBND")
#: or capitals inside ("TTr-UBND")
_JOINED = regex.compile(r"^\p{L}(?:\p{Ll}*)(?:[-/]\p{L}\p{Ll}*)+$")
_JOINER = regex.compile(r"([-/])")


def joined_parts(word: str) -> list[str]:
    """A printed word cut at its hyphens and slashes when its parts are words, else the word whole.

    >>> joined_parts("té-Xa"), joined_parts("NQ-CP"), joined_parts("TTr-UBND"), joined_parts("Covid-19")
    (['té', '-', 'Xa'], ['NQ-CP'], ['TTr-UBND'], ['Covid-19'])
    >>> joined_parts("déng/thang"), joined_parts("QD/UBND"), joined_parts("12/2020")
    (['déng', '/', 'thang'], ['QD/UBND'], ['12/2020'])
    """
    if ("-" not in word and "/" not in word) or not _JOINED.match(word):
        return [word]
    return _JOINER.split(word)


#: a horn-like mark between a word and the number after it ("s6’96/2020/TT-BTC", "s6°19/2023/QH15"):
#: no Vietnamese word has a horn before a digit, so it is the space OCR glued shut ("15'30" has no letter)
_MARK_BEFORE_NUMBER = regex.compile(
    r"(?<=(?:^|\s)\p{L}[\p{L}\p{Nd}]{0,5})[" + regex.escape(GLUE_MARKS) + r"](?=\p{Nd})")


#: the same mark after two characters that begin with a digit or "$", before a document's number ("56°96/2020/TT-BTC",
#: "$6’68/2006/QH11": "số" printed so): in the training pairs all 5 such words were two words and no date
#: ("01°05/2013", "50'2007/QĐ-TTg") is written so
_MARK_BEFORE_DOCUMENT_NUMBER = regex.compile(
    r"(?<=(?:^|\s)\(?[\p{Nd}$][\p{L}\p{Nd}])[" + regex.escape(GLUE_MARKS) + r"](?=\p{Nd}{1,4}/\p{Nd}{4}/)")


#: a dash glued to the first or last letters of a word ("tế -xã", "- Xây" printed "-Xay", "quyén- "):
#: the space OCR lost; a hyphen inside a word ("tế-Xã") or a code ("NQ-CP") has letters on both sides
_DASH_BEFORE_WORD = regex.compile(r"(?<=^|\s)-(?=\p{L}{2})")
_DASH_AFTER_WORD = regex.compile(r"(?<=\p{L}{2})-(?=\s|$)")


def space_dashes(line: str) -> str:
    """A dash glued to a word's edge set apart from it: ``-tién`` is ``- tién``, ``quyén-`` is ``quyén -``.

    Otherwise the word is read as a code and kept as printed.

    >>> space_dashes("Kinh té -xa hoi; -Xay dung; quyén- nghia NQ-CP tế-Xã -5")
    'Kinh té - xa hoi; - Xay dung; quyén - nghia NQ-CP tế-Xã -5'
    """
    return _DASH_AFTER_WORD.sub(" -", _DASH_BEFORE_WORD.sub("- ", line))


#: an opening bracket glued to a lower-case word and closed nowhere after it on the line ("[a" for "là",
#: "[uat" for "luật"): English OCR's "l".  In the training pairs all 19 such words began with "l"; a form's
#: placeholder ("[Tên cơ quan]", "[tên]") closes its bracket
_BRACKET_FOR_L = regex.compile(r"(?<=^|\s)\[(?=\p{Ll})(?![^\]]*\])")


#: a numbered point glued to the word after it at a line's start ("1.Ban hanh", "2.1.T6 chirc")
_GLUED_POINT = regex.compile(r"^(\s*\p{Nd}{1,2}(?:\.\p{Nd}{1,2})*\.)(?=\p{Lu}\S)")


def prepare(line: str) -> str:
    """The printed line as the repair reads it: broken years joined, glued words and dashes split.

    >>> prepare("ngay 24/12/202 I, cé.nghia; 12/2021 I, s6’96/2020/TT-BTC 15'30 -tién")
    "ngay 24/12/2021, cé nghia; 12/2021 I, s6 96/2020/TT-BTC 15'30 - tién"
    >>> prepare("1.Ban hanh"), prepare("2.1.T6 chirc"), prepare("1.5 lan"), prepare("s6 1.000.Theo")
    ('1. Ban hanh', '2.1. T6 chirc', '1.5 lan', 's6 1.000.Theo')
    >>> prepare("56°96/2020/TT-BTC"), prepare("ngay 01°05/2013"), prepare("50'2007/QD-TTg"), prepare("(16°22'50")
    ('56 96/2020/TT-BTC', 'ngay 01°05/2013', "50'2007/QD-TTg", "(16°22'50")
    >>> prepare("d6 [a co hoi, theo [uat"), prepare("[tén co quan] ban hanh"), prepare("[Tén co quan")
    ('d6 la co hoi, theo luat', '[tén co quan] ban hanh', '[Tén co quan')
    """
    line = _BRACKET_FOR_L.sub("l", _GLUED_POINT.sub(r"\1 ", line, count=1))
    line = _MARK_BEFORE_DOCUMENT_NUMBER.sub(" ", _MARK_BEFORE_NUMBER.sub(" ", _BROKEN_YEAR.sub(r"\g<1>1", line)))
    return space_dashes(unglue(line))


def prepare_document(lines: list[str]) -> list[str]:
    """Every line of a document as the repair reads it (:func:`prepare`, then :func:`mend_item_markers`)."""
    return mend_item_markers([prepare(line) for line in lines])
