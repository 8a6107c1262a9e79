"""Document metadata from the header block: type, number, issuer, place, date, title.

Vietnamese administrative documents open with a fixed header: issuing body in
capitals, "Số: 17/NQ-CP", "<Place>, ngày ... tháng ... năm ...", the type in
capitals ("QUYẾT ĐỊNH") and the title.  News pages have a title and a "Post
date" line instead.  Fields the header does not state are None.
"""

from __future__ import annotations

from collections import Counter

import regex

from vnrestore.text.diacritics import skeleton

from .citations import _DOC_NUMBER, abbreviate_issuer, normalise_number, type_from_code
from .dates import find_dates
from .outline import clean_line, heading_level
from .tables import DOC_TYPE_PATTERN, DOC_TYPES, NEWS_CUES, PLACE_LEVELS

HEADER_MAX_LINES = 25
BODY_LINE_CHARS = 250
WRAPPED_LINE_CHARS = 40
_TYPE_LINE = regex.compile(rf"^(?P<t>{DOC_TYPE_PATTERN})\b\s*(?P<rest>.*)$")
_ISSUER_LINE = regex.compile(
    r"^(?:uy ban nhan dan|hoi dong nhan dan|ubnd|hdnd|bo |so |tinh uy|thanh uy|huyen uy|ban |van phong|chinh phu|"
    r"thu tuong|quoc hoi|dang uy|cuc )"
)
_PARTY_COMMITTEE = regex.compile(r"^(?:tinh|thanh|huyen|quan|dang) uy\b")
#: "Số: 17/NQ-CP", and a party's "Số 45-NQ/TU" without the colon
_NUMBER_LINE = regex.compile(r"^so\s*(?:[:.]|(?=\d))")
#: a line that opens the body under a title: "Ngày 5/9/2023, ...", "Kính gửi: ..."
_BODY_OPENING = regex.compile(r"^(?:ngay\s+\d|kinh gui\b)")
_PLACE_DATE = regex.compile(r"^(?P<place>[^,\d]{2,40}),\s*ngay\b")
_LEVELS = "|".join(sorted(PLACE_LEVELS, key=len, reverse=True))
#: header lines that are neither title nor issuer: session, national motto, signing authority
_LETTER_SUBJECT = regex.compile(r"^v\s*/\s*v\b\s*:?\s*")
_MOTTO = regex.compile(r"cong hoa xa hoi chu nghia viet nam|doc lap\s*[-–]\s*tu do\s*[-–]\s*hanh phuc")
_NUMBER_THEN_PLACE = regex.compile(r"\s(?P<place>[^\s,\d][^,\d]{1,40}),\s*ngay\b")
_SESSION_LINE = regex.compile(r"^(?:khoa|ky hop|cong hoa|doc lap|chu tich|giam doc|truong ban|bo truong)\b")
#: bodies that sit under a council in a header: "UBND TỈNH ..." over "SỞ ...", "VĂN PHÒNG", "BAN ..."
_SUBORDINATE = regex.compile(r"^(?:so |ban |van phong|cuc |chi cuc |thanh tra|trung tam )")
_PLACE_IN_ISSUER = regex.compile(rf"\b(?P<level>{_LEVELS})\s+(?P<place>.+)$")


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def recase(caps: str, body: str) -> str:
    """Turn an all-capitals line into normal case, keeping capitals the body uses.

    >>> recase("PHÊ DUYỆT ĐỀ ÁN CHUYỂN ĐỔI SỐ TỈNH QUẢNG NAM", "Theo Đề án ... tỉnh Quảng Nam ... Quảng Nam")
    'Phê duyệt Đề án chuyển đổi số tỉnh Quảng Nam'
    """
    # words inside lines only: a line's first word is capitalised whatever it is
    counts = Counter(word for line in body.splitlines() for word in regex.findall(r"\p{L}+", line)[1:])
    first = True

    def one(match: regex.Match) -> str:
        nonlocal first
        word = match.group()
        lower, title = word.lower(), word[:1] + word[1:].lower()
        keep_title = first or counts[title] > counts[lower]
        first = False
        return title if keep_title else lower

    return regex.sub(r"\p{L}+", one, caps)


def normalise_issuer(line: str) -> str:
    """An issuer line in the short, normally cased form.

    >>> normalise_issuer("ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM"), normalise_issuer("HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HUẾ")
    ('UBND tỉnh Quảng Nam', 'HĐND thành phố Huế')
    >>> normalise_issuer("TỈNH ỦY BÌNH DƯƠNG"), normalise_issuer("HUYỆN ỦY ĐÔNG ANH")
    ('Tỉnh ủy Bình Dương', 'Huyện ủy Đông Anh')
    """
    committee = _PARTY_COMMITTEE.match(skeleton(" ".join(line.split())))
    if committee:  # "TỈNH ỦY BÌNH DƯƠNG": the committee is the body, the rest its place
        words = line.split()
        place = " ".join(word[:1] + word[1:].lower() for word in words[2:])
        return f"{words[0][:1].upper()}{words[0][1:].lower()} {words[1].lower()}" + (f" {place}" if place else "")
    short = abbreviate_issuer(" ".join(line.split()))
    words = short.split()
    keys = [skeleton(word) for word in words]
    out: list[str] = []
    i = 0
    place_started = False
    while i < len(words):
        word = words[i]
        level = next((lv for lv in sorted(PLACE_LEVELS, key=len, reverse=True)
                      if " ".join(keys[i : i + len(lv.split())]) == lv), None)
        if word in ("UBND", "HĐND", "MTTQ"):
            out.append(word)
        elif level and not place_started:
            out.append(PLACE_LEVELS[level])
            i += len(level.split())
            place_started = True
            continue
        elif place_started or _is_caps(word) and not out:
            out.append(word[:1] + word[1:].lower())
        else:
            out.append(word.lower() if _is_caps(word) else word)
        i += 1
    return " ".join(out)


def subordinate_issuer(line: str, parent: str) -> str:
    """The body under a parent in a two-line header, named with the parent's place.

    >>> subordinate_issuer("SỞ KẾ HOẠCH VÀ ĐẦU TƯ", "UBND tỉnh Nghệ An")
    'Sở Kế hoạch và Đầu tư tỉnh Nghệ An'
    >>> subordinate_issuer("VĂN PHÒNG", "UBND huyện Ba Vì")
    'Văn phòng UBND huyện Ba Vì'
    """
    words = line.split()
    cased = []
    for index, word in enumerate(words):
        # agency names capitalise their first word and the one after "và": "Sở Tài nguyên và Môi trường"
        after_kind = index == 1 and skeleton(words[0]) != "van"  # "Văn phòng" is one word pair
        opens = index == 0 or after_kind or (index > 0 and skeleton(words[index - 1]) == "va")
        cased.append(word[:1] + word[1:].lower() if opens else word.lower())
    name = abbreviate_issuer(" ".join(cased))
    if skeleton(name) == "van phong":
        return f"{name} {parent}"
    place = _PLACE_IN_ISSUER.search(skeleton(parent))
    return f"{name} {parent[place.start():]}" if place else name


def strip_motto(line: str) -> str:
    """A header line without the national name and motto an OCR of two columns mixes in.

    >>> strip_motto("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    'ỦY BAN NHÂN DÂN'
    >>> strip_motto("TỈNH BẮC NINH Độc lập - Tự do - Hạnh phúc")
    'TỈNH BẮC NINH'
    """
    key = skeleton(line)
    for match in reversed(list(_MOTTO.finditer(key))):
        line = line[: match.start()] + " " + line[match.end() :]
    return " ".join(line.split())


def _header_lines(lines: list[str]) -> list[tuple[int, str]]:
    """The cleaned lines before the body: up to a heading, "Căn cứ" or a long paragraph."""
    header = []
    for index, raw in enumerate(lines[:HEADER_MAX_LINES]):
        line = strip_motto(clean_line(raw)).lstrip("'\"`´‘’“”^~†.,:;|!")  # OCR's specks before "THÔNG BÁO"
        if not line:
            continue
        key = skeleton(line)
        if len(line) > BODY_LINE_CHARS or key.startswith(("can cu", "xet ")) or heading_level(line) is not None:
            break
        header.append((index, line))
    return header


def _number(line: str) -> str | None:
    match = _DOC_NUMBER.search(line)
    if not match:
        return None
    return normalise_number(match.group("n"), match.group("y"), match.group("sep"), match.group("code"))


def _level_of(place: str, body_key: str) -> str:
    """Whether the body speaks of "tỉnh <place>" or "thành phố <place>" more."""
    place_key = skeleton(place)
    counts = {level: body_key.count(f"{level} {place_key}") for level in ("tinh", "thanh pho", "huyen")}
    return PLACE_LEVELS[max(counts, key=counts.get)]


def extract_metadata(text: str) -> dict:
    """The "document" object of the spec.

    >>> meta = extract_metadata("ỦY BAN NHÂN DÂN TỈNH BẮC KẠN\\nSố: 45/QD-UBND\\nBắc Kạn, ngày 05 tháng 3 năm 2021\\nQUYẾT ĐỊNH\\nVề việc ban hành Kế hoạch\\nCăn cứ ...")
    >>> [meta[k] for k in ("doc_type", "number", "issuer", "place", "date", "title")]
    ['Quyết định', '45/QĐ-UBND', 'UBND tỉnh Bắc Kạn', 'Bắc Kạn', '2021-03-05', 'Về việc ban hành Kế hoạch']
    """
    lines = text.splitlines()
    header = _header_lines(lines)
    body = "\n".join(lines)
    body_key = skeleton(body)
    meta: dict = {"doc_type": None, "number": None, "issuer": None, "place": None, "date": None, "title": None}
    type_index = None
    issuer_index = None
    news_index = None
    number_line = ""
    letter_title = None
    for position, (index, line) in enumerate(header):
        key = skeleton(line)
        if meta["number"] is None and _NUMBER_LINE.match(key):
            meta["number"] = _number(line)
            number_line = line
            place_date = _NUMBER_THEN_PLACE.search(key)  # "Số: 12/QĐ-UBND Huế, ngày ..." on one line
            if place_date and meta["date"] is None:
                meta["place"] = line[place_date.start("place") : place_date.end("place")].strip()
                meta["date"] = next(iter(find_dates(line[place_date.end("place") :])), None)
                meta["date"] = meta["date"].iso if meta["date"] else None
                number_line = line[: place_date.start("place")]
            continue
        place_date = _PLACE_DATE.match(key)
        if place_date and meta["date"] is None:
            meta["place"] = line[: place_date.end("place")].strip()
            dates = find_dates(line)
            meta["date"] = dates[0].iso if dates else None
            continue
        if any(cue in key for cue in NEWS_CUES) and find_dates(line):
            news_index = position
            meta["date"] = meta["date"] or find_dates(line)[0].iso
            break  # a news page's body follows its date line
        letter = _LETTER_SUBJECT.match(key)
        if letter and letter_title is None:
            letter_title = line[letter.end() :].strip() or None
            continue
        type_match = _TYPE_LINE.match(key)
        if type_index is None and type_match and (_is_caps(line) or not type_match.group("rest")):
            meta["doc_type"] = DOC_TYPES[type_match.group("t")]
            type_index = position
            continue
        if type_index is None and position == 0 and key.startswith("tham tra"):
            meta["doc_type"] = DOC_TYPES["bao cao tham tra"]
            type_index = position - 1  # the line itself is the title
            continue
        if issuer_index is None and _is_caps(line) and _is_issuer(line):
            meta["issuer"] = normalise_issuer(_with_place_line(line, header, position))
            issuer_index = position
        elif (issuer_index is not None and type_index is None and position <= issuer_index + 2
              and _is_caps(line) and _is_issuer(line) and _SUBORDINATE.match(key)):
            meta["issuer"] = subordinate_issuer(line, meta["issuer"])  # "UBND TỈNH NGHỆ AN" / "SỞ ..."
            issuer_index = position
    meta["title"] = _title(header, type_index, issuer_index, news_index, body) or letter_title
    if letter_title and meta["doc_type"] is None and not _type_code(number_line):
        meta["doc_type"] = DOC_TYPES["cong van"]
    _fill_from_number_and_place(meta, news_index, number_line, body_key)
    return meta


def _with_place_line(line: str, header: list[tuple[int, str]], position: int) -> str:
    """Join an issuer split over two lines: "HỘI ĐỒNG NHÂN DÂN" / "TỈNH ĐIỆN BIÊN"."""
    if _PLACE_IN_ISSUER.search(skeleton(line)) or position + 1 >= len(header):
        return line
    following = header[position + 1][1]
    if _is_caps(following) and regex.match(rf"(?:{_LEVELS})\s", skeleton(following)):
        return f"{line} {following}"
    return line


def _is_issuer(line: str) -> bool:
    """An issuing body's line; "SỞ"/"BỘ" as written or unaccented without a number, since "SỐ" shares their skeleton.

    >>> _is_issuer("SỞ NỘI VỤ"), _is_issuer("SO NOI VU"), _is_issuer("SỐ: 12/QĐ-UBND"), _is_issuer("SO: 12/QD")
    (True, True, False, False)
    """
    key = skeleton(line)
    if not _ISSUER_LINE.match(key):
        return False
    first = line.split()[0].lower()
    if key[:3] not in ("so ", "bo ") or first in ("sở", "bộ"):
        return True
    # unaccented "SO KE HOACH VA DAU TU" is a body; "SO: 12/QD-UBND" is a number line
    return first in ("so", "bo") and not regex.search(r"[\d:]", line)


def _block_before(header: list[tuple[int, str]], position: int, most: int = 3) -> str:
    """The lines right above ``position`` with no blank line between (a wrapped title).

    A line joins only when it is long enough to have been wrapped, so the short
    menu lines of a web page above a news title stay out.
    """
    first = position - 1
    while (first > 0 and position - first < most and header[first - 1][0] == header[first][0] - 1
           and len(header[first - 1][1]) >= WRAPPED_LINE_CHARS):
        first -= 1
    return " ".join(line for _, line in header[first:position])


def _title(header: list[tuple[int, str]], type_index: int | None, issuer_index: int | None,
           news_index: int | None, body: str) -> str | None:
    """The title: the lines after the type line, or the line before a news date."""
    if type_index is not None:
        parts: list[str] = []
        for position in range(type_index + 1, len(header)):
            index, line = header[position]
            key = skeleton(line)
            if position == issuer_index or _NUMBER_LINE.match(key) or _PLACE_DATE.match(key):
                break
            if _is_caps(line) and (_is_issuer(line) or _SESSION_LINE.match(key)):
                break  # the enacting body repeated under the title, "KHÓA XV, KỲ HỌP THỨ 7"
            if parts and index > header[position - 1][0] + 1:
                break  # a blank line ends a title that has begun
            if parts and _BODY_OPENING.match(key):
                break
            parts.append(recase(line, body) if _is_caps(line) else line)
        return " ".join(parts) or None
    if news_index is not None and news_index > 0:
        return _block_before(header, news_index)
    return None


def _type_code(number_line: str) -> str | None:
    """The type named by the letters of a header number ("Số: 112/TTr-UBND" -> Tờ trình)."""
    code = regex.search(r"[/-]\s*([A-ZĐ][A-Za-zĐđ]*)", number_line)
    return type_from_code(code.group(1)) if code else None


def _fill_from_number_and_place(meta: dict, news_index: int | None, number_line: str, body_key: str) -> None:
    """Fill type, issuer and place from each other when the header leaves them out."""
    if meta["doc_type"] is None and _type_code(number_line):
        meta["doc_type"] = _type_code(number_line)
    if meta["doc_type"] is None and news_index is not None:
        meta["doc_type"] = "Tin bài"
    if meta["place"] is None and meta["issuer"]:
        found = _PLACE_IN_ISSUER.search(skeleton(meta["issuer"]))
        if found:
            meta["place"] = meta["issuer"][found.start("place") :]
    if meta["issuer"] is None and meta["place"]:
        suffix = regex.search(r"-(UBND|HDND)\b", skeleton(number_line).upper())
        if suffix:
            council = "UBND" if suffix.group(1) == "UBND" else "HĐND"
            meta["issuer"] = f"{council} {_level_of(meta['place'], body_key)} {meta['place']}"
