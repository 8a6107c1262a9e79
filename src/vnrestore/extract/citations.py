"""Cited documents: legal bases ("Căn cứ ...") and every other reference.

A citation is anchored either on a document number ("17/NQ-CP", "04-NQ/TU")
with its type word looked up just before it, or on a law name ("Luật ...")
followed by a date.  Matching runs on skeletons so that "Nghi dinh so" or
"QD-UBND" left by restoration still read; numbers come out in standard form.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from vnrestore.text.diacritics import has_diacritics, skeleton

from .dates import find_dates
from .layout import Layout, Paragraph
from .outline import heading_level
from .tables import CODE_FORMS, CODE_TYPES, DOC_TYPE_PATTERN, DOC_TYPES, ISSUER_ABBREVIATIONS, KNOWN_ISSUERS, TITLE_STARTERS

_CODE_TOKEN = r"\p{Lu}\p{L}*\d*"
_DOC_NUMBER = regex.compile(
    rf"(?:(?<![\p{{L}}\d/.,-])|(?<=\b[sS][oốôơ]))(?P<n>[IlO]?\d[\dIlO]{{0,4}}\p{{Ll}}?)\s?(?:/\s?(?P<y>(?:19|20)\d\d)\s?)?(?P<sep>[/-])\s{{0,2}}"
    rf"(?P<code>{_CODE_TOKEN}(?:\s?[-/]\s{{0,2}}{_CODE_TOKEN})*)"
)
_TYPE_BEFORE = regex.compile(rf"\b(?P<t>{DOC_TYPE_PATTERN})\s*(?:so|s[0-9b])?\s*[:.]?\s*$")
_LAW = regex.compile(r"\b(?:bo luat|luat|phap lenh|hien phap)\s+(?=\w)")
_YEAR_ONLY = regex.compile(r"\bnam\s+((?:19|20)\d\d)\b")
_CLAUSE_END = regex.compile(r";|\.\s+(?=\p{Lu})|\.\s*(?:\n|$)|\n\s*[-+•]\s")
_BASIS_HEADING = regex.compile(r"\b(?:co so phap ly|can cu phap ly|can cu xay dung|can cu ban hanh)\b")
_PROPOSED_BASES = regex.compile(r"\bbo sung(?:\s+them)?(?:\s+\S+){0,3}?\s+can cu\b")
_OPENS_BASIS = regex.compile(r"^[\s\-+•–]*can cu\b")
_OPENS_PROPOSAL = regex.compile(r"^[\s\-+•–]*(?:xet|theo de nghi)\b")
#: OCR reads 1 as I or l and 0 as O inside document numbers ("I8/NQ-HĐND")
_DIGIT_LOOKALIKES = str.maketrans("IlO", "110")
_ISSUED_BEFORE = regex.compile(
    r"(?P<d>ngay\s*\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|ngay\s*\d{1,2}\s*thang\s*\d{1,2}\s*nam\s*\d{4})"
    r"\s*,\s*(?P<i>[^,;.()]{2,80}?)\s+(?:da\s+)?(?:ky\s+)?(?:ban hanh|phe duyet)\s*$"
)
_ISSUER_STOP = regex.compile(r"[;,.()“”\"':]")
LOOKBACK_CHARS = 40
#: "Ban Văn hóa - Xã hội Hội đồng nhân dân tỉnh" is twelve words
ISSUER_MAX_WORDS = 12
TITLE_MAX_CHARS = 300


@dataclass
class Citation:
    """One cited document and where its citation sits in the text."""

    doc_type: str | None
    number: str | None
    date: str | None
    issuer: str | None
    title: str | None
    text: str
    start: int
    end: int
    anchor: int = field(default=0, repr=False)

    def key(self) -> tuple:
        return (self.doc_type, self.number, self.date)

    def as_dict(self) -> dict:
        return {
            "doc_type": self.doc_type,
            "number": self.number,
            "date": self.date,
            "issuer": self.issuer,
            "title": self.title,
            "text": self.text,
        }


def normalise_number(number: str, year: str | None, separator: str, code: str) -> str:
    """A document number in standard form: no spaces, standard code letters.

    >>> normalise_number("2392", None, "/", "QD - BTTTT"), normalise_number("04", None, "-", "NQ/ TU")
    ('2392/QĐ-BTTTT', '04-NQ/TU')
    >>> normalise_number("61", "2018", "/", "ND-CP"), normalise_number("749", None, "/", "QĐ-Ttg")
    ('61/2018/NĐ-CP', '749/QĐ-TTg')
    >>> normalise_number("1742", None, "/", "QD-ÙBND"), normalise_number("I8", None, "/", "NQ-HĐND")
    ('1742/QĐ-UBND', '18/NQ-HĐND')
    >>> normalise_number("20", "2023", "/", "QHI5"), normalise_number("06ó", None, "/", "QĐ-TTg")
    ('20/2023/QH15', '06/QĐ-TTg')

    """
    parts = regex.split(r"\s*([-/])\s*", code.strip())
    tokens = []
    for part in parts:
        if part in "-/":
            tokens.append(part)
            continue
        term = regex.fullmatch(r"(\p{Lu}+?)([\dIlO]*\d[\dIlO]*)", part)
        if term:  # a legislature's term OCR misread: "QHI5" -> "QH15"
            part = term.group(1) + term.group(2).translate(_DIGIT_LOOKALIKES)
        upper = skeleton(part).upper()
        # a stray accent ("ÙBND") is dropped; Đ is a letter of its own and stays
        plain = "".join("Đ" if char in "Đđ" else base for char, base in zip(part, upper))
        tokens.append(CODE_FORMS.get(upper, plain))
    if number[-1:].isalpha() and has_diacritics(number[-1]):
        number = number[:-1]  # "06ó/QĐ-TTg": OCR's speck, not a suffix like the "a" of "36a/NQ-CP"
    number = number[:1].translate(_DIGIT_LOOKALIKES) + number[1:].translate(_DIGIT_LOOKALIKES)
    prefix = f"{number}/{year}" if year else number
    return f"{prefix}{separator}{''.join(tokens)}"


def type_from_code(code: str) -> str | None:
    """The document type a number's letters name ("NQ" -> Nghị quyết).

    >>> type_from_code("KH-UBND"), type_from_code("NQ/TU"), type_from_code("XYZ"), type_from_code("QH15")
    ('Kế hoạch', 'Nghị quyết', None, 'Luật')
    """
    first = regex.split(r"[-/]", code)[0]
    found = CODE_TYPES.get(first) or CODE_TYPES.get(CODE_FORMS.get(skeleton(first).upper(), first))
    legislature = regex.fullmatch(r"(QH)\d{1,2}", first)  # a law's "20/2023/QH15": the legislature's term
    return found or (CODE_TYPES[legislature.group(1)] if legislature else None)


_KNOWN_ISSUERS = {" ".join(regex.findall(r"[\p{L}\d]+", skeleton(name))): name for name in KNOWN_ISSUERS}


def abbreviate_issuer(issuer: str) -> str:
    """The issuer with its long council names shortened, a well-known body in its exact form.

    >>> abbreviate_issuer("Ủy ban nhân dân tỉnh"), abbreviate_issuer("Hội đồng nhân dân tỉnh")
    ('UBND tỉnh', 'HĐND tỉnh')
    >>> abbreviate_issuer("Thủ tướng Chính phú"), abbreviate_issuer("Bo Thong tin va Truyen thong")
    ('Thủ tướng Chính phủ', 'Bộ Thông tin và Truyền thông')
    """
    short = _abbreviate(issuer)
    return _KNOWN_ISSUERS.get(" ".join(regex.findall(r"[\p{L}\d]+", skeleton(short))), short)


def _abbreviate(issuer: str) -> str:
    words = issuer.split()
    keys = [skeleton(word) for word in words]
    out: list[str] = []
    i = 0
    while i < len(words):
        for phrase, short in ISSUER_ABBREVIATIONS.items():
            size = len(phrase.split())
            if " ".join(keys[i : i + size]) == phrase:
                out.append(short)
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


def _clause_end(layout: Layout, start: int, limit: int = TITLE_MAX_CHARS) -> int:
    """Where the clause holding ``start`` ends: ";", a sentence end, an unmatched ")"."""
    text = layout.text[start : start + limit]
    match = _CLAUSE_END.search(text)
    end = match.start() if match else len(text)
    depth = 0
    for i, char in enumerate(text[:end]):
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                return start + i
            depth -= 1
    return start + end


def _date_after(layout: Layout, position: int) -> tuple[str | None, int]:
    """A date written right after a document number ("ngày 15/4/2015"), and its end."""
    for found in find_dates(layout.flat[position : position + 45]):
        gap = layout.key[position : position + found.start]
        if regex.fullmatch(r"[\s,(]*(?:ngay|ban hanh ngay)?\s*", gap):
            return found.iso, position + found.end
        break
    return None, position


#: one-word title starters that must be written as such: "giáo" of "Ban Tuyên giáo" is not "giao"
#: ("về" is read in any accent: a stray tone on it is common and no issuer word shares its skeleton)
_ONE_WORD_STARTERS = {"giao": {"giao"}}


def _starts_title(words: list[regex.Match]) -> bool:
    """True when these words open a title: "về", "ban hành", "Phê duyệt" ...

    A one-word starter must be in lower case, so "Bộ Giáo dục" keeps its "Giáo".
    """
    keys = [skeleton(word.group()) for word in words]
    for starter in TITLE_STARTERS:
        size = len(starter.split())
        if " ".join(keys[:size]) != starter:
            continue
        if size > 1:
            return True
        written = words[0].group()
        accented = _ONE_WORD_STARTERS.get(starter)
        if written.islower() and (accented is None or written in accented or not has_diacritics(written)):
            return True
    return False


def _issuer_and_title(layout: Layout, position: int, stop: int) -> tuple[str | None, str | None, int]:
    """Read "của <issuer> <title>" after a citation's number and date."""
    key = layout.key
    match = regex.match(r"[\s,]*(?:cua|do)\s+", key[position:stop])
    issuer = None
    title_start = position
    if match:
        cursor = position + match.end()
        words = list(regex.finditer(r"\S+", layout.flat[cursor:stop]))
        issuer_end = cursor
        for index, word in enumerate(words):
            if index >= 1 and _starts_title(words[index : index + 2]):
                break
            stop_char = _ISSUER_STOP.search(word.group())
            if stop_char:
                issuer_end = cursor + word.start() + stop_char.start()
                break
            issuer_end = cursor + word.end()
            if index >= ISSUER_MAX_WORDS - 1:
                break
        issuer = abbreviate_issuer(layout.snippet(cursor, issuer_end)) or None
        title_start = issuer_end
    title = layout.snippet(title_start, stop)
    title = regex.sub(r"^\s*\([^()]*\)", "", title).strip(" ,;:.()") or None
    return issuer, title, stop


def _issuer_before(layout: Layout, start: int) -> str | None:
    """The issuer named before a citation: "đề nghị của <Sở ...> tại Tờ trình số ..."."""
    before = layout.key[max(0, start - 120) : start]
    match = regex.search(r"\bcua\s+([^;,.()]{3,100}?)\s+tai\s*$", before)
    if not match:
        return None
    offset = start - len(before)
    return abbreviate_issuer(layout.snippet(offset + match.start(1), offset + match.end(1)))


def _issued_before(layout: Layout, start: int) -> tuple[str | None, str | None]:
    """Date and issuer told before a citation: "Ngày 7/3/2019, Chính phủ đã ban hành Nghị quyết ..."."""
    before = layout.key[max(0, start - 150) : start]
    match = _ISSUED_BEFORE.search(before)
    if not match:
        return None, None
    offset = start - len(before)
    dates = find_dates(layout.flat[offset + match.start("d") : offset + match.end("d")])
    issuer = abbreviate_issuer(layout.snippet(offset + match.start("i"), offset + match.end("i")))
    return (dates[0].iso if dates else None), (issuer or None)


def _number_citations(layout: Layout) -> list[Citation]:
    """Citations anchored on a document number."""
    citations = []
    for match in _DOC_NUMBER.finditer(layout.flat):
        code = match.group("code")
        first = regex.split(r"\s*[-/]\s*", code)[0]
        if sum(c.isupper() for c in first) < 2 and skeleton(first).upper() not in CODE_FORMS:
            continue  # "5-Quyết" is not a document number; "17/NQ-CP" is, and so is OCR's "846/Qb-TTg"
        number = normalise_number(match.group("n"), match.group("y"), match.group("sep"), code)
        before = layout.key[max(0, match.start() - LOOKBACK_CHARS) : match.start()]
        type_match = _TYPE_BEFORE.search(before)
        start = match.start()
        doc_type = type_from_code(number.split(match.group("sep"), 1)[1]) if not match.group("y") else None
        if match.group("y"):
            doc_type = type_from_code(number.split("/", 2)[2])
        if type_match:
            doc_type = DOC_TYPES[type_match.group("t")]
            start = match.start() - len(before) + type_match.start()
        date, cursor = _date_after(layout, match.end())
        stop = _clause_end(layout, cursor)
        issuer, title, end = _issuer_and_title(layout, cursor, stop)
        issuer = issuer or _issuer_before(layout, start)
        if date is None:
            date, earlier_issuer = _issued_before(layout, start)
            issuer = issuer or earlier_issuer
        citations.append(
            Citation(doc_type, number, date, issuer, title, layout.snippet(start, end), start, end, match.start())
        )
    return citations


def _law_citations(layout: Layout, taken: list[Citation]) -> list[Citation]:
    """Laws, cited by name and date ("Luật Công nghệ thông tin ngày 29/6/2006")."""
    citations: list[Citation] = []
    numbered = sorted(c.anchor for c in taken)
    covered_until = -1
    for match in _LAW.finditer(layout.key):
        start = match.start()
        if start < covered_until or not layout.flat[start].isupper():
            continue
        if regex.match(r"\s*so\b", layout.key[match.end() : match.end() + 4]):
            continue  # "Luật số 47/2019/QH14" is a numbered citation
        stop = _clause_end(layout, start)
        stop = min([stop] + [a for a in numbered if a > start])
        dates = [d for d in find_dates(layout.flat[start:stop])]
        if dates:
            date, date_start, date_end = dates[0].iso, start + dates[0].start, start + dates[0].end
        else:
            year = _YEAR_ONLY.search(layout.key[start:stop])
            if not year:
                continue
            date, date_start, date_end = year.group(1), start + year.start(), start + year.end()
        name_end = date_start
        kind = DOC_TYPES[layout.key[start : match.end()].strip()]
        name = regex.sub(r"\s*\b(?:ngày|ngay)\b.*$", "", layout.snippet(match.end(), name_end)).strip(" ,;:")
        issuer, title, end = _issuer_and_title(layout, date_end, _clause_end(layout, date_end))
        title = name + (f" {title}" if title else "")
        citations.append(
            Citation(kind, None, date, issuer, title or None, layout.snippet(start, end), start, end, start)
        )
        covered_until = date_end
    return citations


def find_citations(layout: Layout) -> list[Citation]:
    """Every cited document in text order.

    >>> layout = Layout("Căn cứ Nghị quyết số 17/NQ-CP ngày 07/3/2019 của Chính phủ về Chính phủ điện tử;")
    >>> [(c.doc_type, c.number, c.date, c.issuer) for c in find_citations(layout)]
    [('Nghị quyết', '17/NQ-CP', '2019-03-07', 'Chính phủ')]
    """
    numbered = _number_citations(layout)
    laws = _law_citations(layout, numbered)
    return sorted(numbered + laws, key=lambda c: c.start)


def _basis_zones(layout: Layout, paragraphs: list[Paragraph]) -> list[tuple[int, int]]:
    """Stretches of text whose clause-initial citations are legal bases.

    The preamble's "Căn cứ ...", "Xét ..." and "Theo đề nghị ..." paragraphs,
    everything under a "CƠ SỞ PHÁP LÝ" heading (numbered items included), and
    what follows "bổ sung thêm ... căn cứ".
    """
    zones = []
    basis_level: int | None = None
    for paragraph in paragraphs:
        key = layout.key[paragraph.start : paragraph.end]
        level = heading_level(layout.text[paragraph.start : paragraph.end].split("\n")[0])
        if level is not None:
            if basis_level is not None and level <= basis_level:
                basis_level = None
            if _BASIS_HEADING.search(key):
                basis_level = level
                continue
        proposal = _PROPOSED_BASES.search(key)
        if proposal:
            zones.append((paragraph.start + proposal.end(), paragraph.end))
        elif basis_level is not None or _OPENS_BASIS.match(key) or _OPENS_PROPOSAL.match(key):
            zones.append((paragraph.start, paragraph.end))
    return zones


def split_bases(layout: Layout, citations: list[Citation], paragraphs: list[Paragraph]) -> tuple[list, list]:
    """Divide citations into (legal_bases, references), each deduplicated.

    Inside a basis zone, the first citation of each ";" clause is a basis when
    the clause opens with it (a few words before it at most) or with "Căn
    cứ", "Xét" or "Theo đề nghị"; a later citation of the same clause sits in
    a basis's title and is a reference.
    """
    bases: list[Citation] = []
    for start, end in _basis_zones(layout, paragraphs):
        inside = [c for c in citations if start <= c.start < end]
        clause_start = start
        for citation in inside:
            separators = [m.end() for m in regex.finditer(";", layout.text[clause_start : citation.start])]
            if separators:
                clause_start += separators[-1]
            lead = layout.key[clause_start : citation.start]
            first_in_clause = not any(clause_start <= b.start < citation.start for b in bases)
            opens_clause = len(regex.findall(r"\p{L}+", lead)) <= 4 or bool(
                _OPENS_BASIS.match(lead) or _OPENS_PROPOSAL.match(lead)
            )
            if first_in_clause and opens_clause:
                bases.append(citation)
    unique_bases = _merge_repeats(bases, [])
    others = [c for c in citations if not any(c is b for b in bases)]
    return unique_bases, _merge_repeats(others, unique_bases)


def _same_document(a: Citation, b: Citation) -> bool:
    """One document cited twice: same type and number, dates equal or one left out."""
    if a.doc_type != b.doc_type or a.number != b.number:
        return False
    if a.number is None:  # laws are told apart by their date
        return a.date == b.date
    return a.date == b.date or a.date is None or b.date is None


def _merge_repeats(citations: list[Citation], already: list[Citation]) -> list[Citation]:
    """Citations without repeats (nor any in ``already``), keeping the fullest of each."""
    kept: list[Citation] = []
    for citation in citations:
        if any(_same_document(citation, earlier) for earlier in already):
            continue
        index = next((i for i, earlier in enumerate(kept) if _same_document(citation, earlier)), None)
        if index is None:
            kept.append(citation)
        elif kept[index].date is None and citation.date is not None:
            kept[index] = citation
    return kept
