"""Quantitative targets ("100% hồ sơ ... đến năm 2025") and facts ("xếp hạng 47/63").

A paragraph holds targets when it sits under a heading about goals ("Mục
tiêu cụ thể", "Định hướng đến năm 2030") or itself names one ("Phấn đấu đến
năm 2025: ...").  Every number with a unit (%, điểm, bậc, hạng) in such a
paragraph is one target, so "100% cấp tỉnh, 80% cấp huyện" gives two.
"""

from __future__ import annotations

import regex

from vnrestore.text.diacritics import has_diacritics, skeleton

from .layout import Layout, Paragraph
from .numbers import NUMBER, parse_number
from .outline import heading_level, heading_text
from .tables import FACT_CUES, TARGET_CUES, VALUE_UNITS

_UNIT_KEYS = r"%|phan tram|diem|bac|hang"
#: a range whose dash OCR lost still reads after "từ" ("tăng từ 3 5 bậc") or between two
#: percentages ("70% 100% hệ thống"; two rising figures, else two values, see ``_values``)
_VALUE = regex.compile(
    rf"(?<![\d.,/])(?:(?P<from>tu)\s+)?(?P<v>{NUMBER})\s*(?P<u1>%)?"
    rf"(?:(?P<sep>\s*(?:-|–|den)\s*|(?(from)\s+|(?(u1)\s+|(?!))))(?P<vmax>{NUMBER}))?\s*(?P<u>{_UNIT_KEYS})(?!\p{{L}})"
)
_RANK = regex.compile(r"(?<![\d/])(?P<v>\d{1,3})\s*/\s*(?P<of>\d{1,3})(?![\d/])")
_RANK_CUE = regex.compile(r"\b(?:xep hang|xep thu|dung thu|hang)\b")
_TARGET_YEAR = regex.compile(r"\b(?:den|toi|vao|trong)\s+(?:nam\s+)?((?:20|19)\d\d)\b|\bnam\s+((?:20|19)\d\d)\b")
#: the year a change is measured from ("so với năm 2022", "so với cùng kỳ năm 2020")
_BASELINE = regex.compile(r"\bso voi\s+(?:cung ky\s+)?(?:nam\s+)?(?:19|20)\d\d\b")
_PERIOD = regex.compile(r"\b(?:giai doan|thoi ky)\s+(?:20|19)\d\d\s*[-–]\s*((?:20|19)\d\d)\b")
_FACT_CUE = regex.compile(rf"\b(?:{'|'.join(FACT_CUES)})\b")
#: a clause about what was already reached is a fact, even under a goals heading
_ACHIEVED = regex.compile(r"\b(?:da dat|dat duoc|hien nay|hien co|tinh den (?:nay|het|thoi diem|ngay)|nam qua)\b")
_CLAUSE = regex.compile(r"[;]|\.\s+(?=\p{Lu})|\.\s*\n")
#: accented forms a unit word may take; "hàng" (goods) or "bắc" (north) are not units, and
#: "bác" only when no "sĩ" follows (see ``_unit_ok``)
_UNIT_FORMS = {"diem": {"điểm"}, "bac": {"bậc"}, "hang": {"hạng"}, "phan tram": {"phần trăm"}}
SUBJECT_MAX_WORDS = 20


def _unit_ok(layout: Layout, start: int, end: int, unit_key: str) -> bool:
    """Accept a unit word only in its own accented form or left unaccented."""
    written = layout.flat[start:end].lower()
    forms = _UNIT_FORMS.get(unit_key)
    if written == "bác" and not regex.match(r"\s*s[iĩ]\b", layout.key[end : end + 4]):
        return True  # the restorer writes "3 - 5 bậc" as "bác"; "bác sĩ" (doctors) stays out
    return forms is None or written in forms or not has_diacritics(written)


def _clauses(layout: Layout, start: int, end: int) -> list[tuple[int, int]]:
    """A paragraph cut at ";" and sentence ends."""
    spans, cursor = [], start
    for match in _CLAUSE.finditer(layout.text, start, end):
        spans.append((cursor, match.start() + 1))
        cursor = match.end()
    spans.append((cursor, end))
    return [(s, e) for s, e in spans if layout.flat[s:e].strip()]


def year_in(key: str) -> int | None:
    """The target year a clause names ("đến năm 2025", "năm 2030").

    >>> year_in("phan dau den nam 2025: 100% ..."), year_in("dinh huong den 2030"), year_in("100% ho so")
    (2025, 2030, None)

    A baseline is not the target year: "tăng 5 bậc so với năm 2022".

    >>> year_in("tang it nhat 5 bac so voi nam 2022"), year_in("giam 10% so voi cung ky nam 2020 vao nam 2025")
    (None, 2025)
    """
    match = _TARGET_YEAR.search(_BASELINE.sub(" ", key))
    return int(match.group(1) or match.group(2)) if match else None


def period_end(key: str) -> int | None:
    """The last year of a plan period named in a text ("giai đoạn 2021-2025").

    >>> period_end("de an ... giai doan 2021-2025")
    2025
    """
    match = _PERIOD.search(key)
    return int(match.group(1)) if match else None


def _subject(layout: Layout, start: int, end: int) -> str:
    """The words after a value up to the next value or the clause end."""
    text = regex.sub(r"^\s*/\s*(?:năm|nam)\b", "", layout.snippet(start, end))  # "8 - 10%/năm"
    text = regex.split(r"[(;:]", text)[0]
    words = text.split()[:SUBJECT_MAX_WORDS]
    while words and words[-1].lower().strip(",.") in {"và", "va", "hoặc", "trên", "các", ""}:
        words.pop()
    subject = " ".join(words).strip(" ,.-")
    return regex.sub(r"^(?:các|cac)\s+", "", subject)


def _values(layout: Layout, start: int, end: int) -> list[dict]:
    """Every value with a unit in a clause, with its subject."""
    matches = [m for m in _VALUE.finditer(layout.key, start, end) if _unit_ok(layout, m.start("u"), m.end("u"), m.group("u"))]
    found = []
    for index, match in enumerate(matches):
        stop = matches[index + 1].start() if index + 1 < len(matches) else end
        unit_key = match.group("u")
        unit = "%" if unit_key in ("%", "phan tram") else VALUE_UNITS[unit_key]
        subject = _subject(layout, match.end(), stop)
        if not subject:
            before = regex.sub(r"^\s*(?:[-+•–]|[a-zđ]\)|\d{1,2}\.)\s*", "", layout.snippet(start, match.start()))
            subject = " ".join(before.split()[-SUBJECT_MAX_WORDS:]).strip(" ,.-")
        value = parse_number(match.group("v"))
        value_max = parse_number(match.group("vmax")) if match.group("vmax") else None
        if value_max is not None and value_max <= value and not match.group("sep").strip():
            found.append({"value": value, "value_max": None, "unit": unit, "subject": None})
            value, value_max = value_max, None  # "100% 80%": two figures, not a range
        found.append({"value": value, "value_max": value_max, "unit": unit, "subject": subject or None})
    return found


def _heading_chain(layout: Layout, paragraphs: list[Paragraph]) -> list[list[str]]:
    """For each paragraph, the headings above it from outermost to nearest."""
    chains, stack = [], []  # stack of (level, heading)
    for paragraph in paragraphs:
        first_line = layout.text[paragraph.start : paragraph.end].split("\n")[0]
        level = heading_level(first_line)
        if level is not None:
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, heading_text(first_line)))
        chains.append([heading for _, heading in stack])
    return chains


def _heading_year(key: str) -> int | None:
    """A heading's year: "Định hướng đến năm 2030", or the end of "Giai đoạn 2031 - 2035"."""
    return year_in(key) or period_end(key)


def _is_target_context(keys: list[str]) -> bool:
    return any(cue in key for key in keys for cue in TARGET_CUES)


def _contexts(layout: Layout, paragraphs: list[Paragraph]):
    """Per paragraph: its heading chain, its clauses, whether it speaks of goals, and its goal year.

    The goal cue and year come from the headings above or the paragraph's lead
    (the text before its ":" or its first clause): "Phấn đấu đến năm 2025: ...".
    """
    for paragraph, chain in zip(paragraphs, _heading_chain(layout, paragraphs)):
        clauses = _clauses(layout, paragraph.start, paragraph.end)
        key = layout.key[paragraph.start : paragraph.end]
        chain_keys = [skeleton(heading) for heading in chain]
        lead = key.split(":", 1)[0] if ":" in key else layout.key[clauses[0][0] : clauses[0][1]] if clauses else ""
        in_context = _is_target_context(chain_keys + [lead])
        context_year = year_in(lead) or next((_heading_year(k) for k in reversed(chain_keys) if _heading_year(k)), None)
        yield chain, clauses, in_context, context_year


def find_targets(layout: Layout, paragraphs: list[Paragraph], default_year: int | None = None) -> list[dict]:
    """Targets of the spec ({"value", "value_max", "unit", "subject", "year", "section", "text"}).

    >>> layout = Layout("2. Mục tiêu cụ thể\\n- 100% hồ sơ cấp tỉnh, 80% cấp huyện và 60% cấp xã.")
    >>> [(t["value"], t["subject"], t["year"]) for t in find_targets(layout, layout.paragraphs(), 2025)]
    [(100, 'hồ sơ cấp tỉnh', 2025), (80, 'cấp huyện', 2025), (60, 'cấp xã', 2025)]
    """
    targets = []
    for chain, clauses, in_context, context_year in _contexts(layout, paragraphs):
        for start, end in clauses:
            clause_key = layout.key[start:end]
            if not (in_context or _is_target_context([clause_key])) or _ACHIEVED.search(clause_key):
                continue
            clause_year = year_in(clause_key)
            for value in _values(layout, start, end):
                value.update(
                    year=clause_year or context_year or default_year,
                    section=chain[-1] if chain else None,
                    text=layout.snippet(start, end),
                )
                targets.append(value)
    return targets


def _fact_year(key: str) -> int | None:
    match = regex.search(r"\bnam\s+((?:20|19)\d\d)\b", key)
    return int(match.group(1)) if match else None


def _sentence_lead(layout: Layout, clauses: list[tuple[int, int]], start: int) -> str:
    """The opening clause of the sentence holding the clause at ``start``, when it opens on a year.

    "Năm 2022, ... xếp thứ 25/63; Trung tâm ... đáp ứng 45% ..." dates both figures.
    """
    lead = ""
    previous_end = None
    for clause_start, clause_end in clauses:
        if clause_start >= start:
            break
        if previous_end is None or layout.text[previous_end - 1] != ";":
            lead = layout.key[clause_start:clause_end]
        previous_end = clause_end
    return lead if regex.match(r"\W*(?:\w+\s+){0,3}nam\s+(?:19|20)\d\d\b", lead) else ""


def _rank_subject(layout: Layout, clause_start: int, cue_start: int, rank_end: int, clause_end: int) -> str:
    """What a bare "xếp thứ 12/63" ranks: "... về chỉ số X" after it, else the words before the cue."""
    after = regex.split(r"[,;(:]", layout.snippet(rank_end, clause_end))[0]
    about = regex.match(r"\s*(?:về|ve|trong|theo)\s+(.+)", after)
    if about:
        return about.group(1).strip()
    before = regex.sub(r"^\W*(?:\p{L}+\s+){0,3}?(?:năm|nam)\s+\d{4}\s*,?\s*", "", layout.snippet(clause_start, cue_start),
                       flags=regex.IGNORECASE)
    return before.strip(" ,.")


def find_facts(layout: Layout, paragraphs: list[Paragraph]) -> list[dict]:
    """Achieved figures: a rank "47/63" next to "xếp hạng", or a value after "đã đạt".

    >>> layout = Layout("Năm 2020 tỉnh còn đứng thấp trong xếp hạng chuyển đổi số (47/63).")
    >>> [(f["value"], f["unit"], f["year"]) for f in find_facts(layout, layout.paragraphs())]
    [(47, 'hạng', 2020)]
    """
    facts = []
    for _, clauses, in_context, _ in _contexts(layout, paragraphs):
        for start, end in clauses:
            key = layout.key[start:end]
            goal = in_context or any(cue in key for cue in TARGET_CUES)
            if not _FACT_CUE.search(key) or (goal and not _ACHIEVED.search(key)):
                continue
            year = _fact_year(key) or _fact_year(_sentence_lead(layout, clauses, start))
            found = []
            if _RANK_CUE.search(key):
                for match in _RANK.finditer(layout.key, start, end):
                    if int(match.group("v")) <= int(match.group("of")):
                        cue = _RANK_CUE.search(layout.key, start, match.start())
                        subject_start = cue.start() if cue else start
                        subject = regex.split(r"[(:]", layout.snippet(subject_start, match.start()))[0]
                        if _RANK_CUE.fullmatch(skeleton(subject).strip(" ,.")):
                            subject = _rank_subject(layout, start, subject_start, match.end(), end)
                        found.append({"value": int(match.group("v")), "unit": "hạng", "subject": subject.strip(" ,.") or None})
            # values with a unit too: "xếp thứ 12/63 ..., đạt 0,512 điểm" states two facts
            found.extend({k: v for k, v in value.items() if k != "value_max"} for value in _values(layout, start, end))
            for fact in found:
                fact.update(year=year, text=layout.snippet(start, end))
                facts.append(fact)
    return facts
