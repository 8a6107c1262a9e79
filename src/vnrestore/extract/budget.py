"""The budget: total, items by funding source, and the checks between them.

Amounts are read from digits ("901.000.000.000", "43,84 tỷ đồng") and, when a
parenthesis spells them out ("(Bằng chữ: chín trăm lẻ một tỷ đồng)"), from
words too; disagreements become ``problems`` with a code:

- ``words_mismatch``: the words do not say the same sum as the digits;
- ``sum_mismatch``: the items do not add up to the total;
- ``words_unreadable``: a parenthesis after an amount is not a readable number.
"""

from __future__ import annotations

import regex

from .layout import Layout, Paragraph
from .numbers import Amount, find_amounts, words_to_int
from .outline import heading_level
from .tables import BUDGET_TOTAL_CUES

_TOTAL_CUE = regex.compile(rf"\b(?:{'|'.join(BUDGET_TOTAL_CUES)})\b")
_IN_WORDS = regex.compile(r"^\s*\(\s*(?:bang chu\s*:?\s*)?(?P<w>[^()]{3,200})\)")
#: what opens the items inside the total's own paragraph: "trong đó:", "Nguồn kinh phí: ...", "gồm: ..."
_INLINE_ITEMS = regex.compile(r"\b(?:trong do|bao gom|gom|nguon kinh phi|nguon von|co cau nguon von)\b\s*:?")
LEAD_IN_MAX_WORDS = 8
#: a paragraph that opens by stating the cost without "tổng": "Kinh phí thực hiện: 1,5 tỷ đồng"
_STATED_TOTAL = regex.compile(
    r"[\s\-+•–*]*(?:\d{1,2}\.\s*|[a-zđ]\)\s*)?(?:du toan kinh phi|kinh phi|du toan|von dau tu)"
    r"(?:\s+\p{L}+){0,4}?\s*(?::|\bla\b|\bkhoang\b)"
)
STATED_TOTAL_GAP = 25
#: where one funding line ends inside a paragraph: ";" at a line end, or a line break before "Label: 12..."
_LINE_END_ITEM = regex.compile(r";[ \t]*\n|\n(?=[^\n:;]{3,80}:\s*\d)")


def format_vnd(vnd: int) -> str:
    """Đồng written the Vietnamese way, for messages.

    >>> format_vnd(150000000000)
    '150.000.000.000 đồng'
    """
    return f"{vnd:,}".replace(",", ".") + " đồng"


def _words_after(layout: Layout, amount_end: int) -> tuple[str | None, int | None, int]:
    """The amount in words in the parenthesis right after an amount, and where it ends."""
    match = _IN_WORDS.match(layout.key[amount_end : amount_end + 240])
    if not match:
        return None, None, amount_end
    written = layout.snippet(amount_end + match.start("w"), amount_end + match.end("w"))
    written = regex.sub(r"^(?:bằng chữ|bang chu)\s*:?\s*", "", written, flags=regex.IGNORECASE)
    return written.strip(" .,"), words_to_int(written), amount_end + match.end()


def _amount_in(layout: Layout, start: int, end: int) -> Amount | None:
    """The first sum of money written in digits between two offsets."""
    for amount in find_amounts(layout.flat[start:end]):
        return Amount(amount.vnd, start + amount.start, start + amount.end, amount.text)
    return None


def _item(layout: Layout, start: int, end: int) -> dict | None:
    """One funding line: "- Ngân sách tỉnh: 200.000.000.000 đồng (Hai trăm tỷ đồng)"."""
    amount = _amount_in(layout, start, end)
    if amount is None:
        return None
    label = layout.snippet(start, amount.start)
    source = regex.sub(r"^[\s\-+•–*]*(?:\d{1,2}\.(?:\d{1,2}\.?)*|\p{Ll}\))?\s*", "", label).strip(" :,-")
    source = regex.sub(r"\s*(?:là|khoảng|dự kiến)$", "", source)
    words, words_vnd, _ = _words_after(layout, amount.end)
    return {
        "source": source or None,
        "amount_vnd": amount.vnd,
        "amount_text": amount.text,
        "amount_in_words": words,
        "words_vnd": words_vnd,
    }


def _inline_items(layout: Layout, start: int, end: int) -> list[dict]:
    """Items listed in the total's own sentence: "..., trong đó: ngân sách tỉnh 30 tỷ đồng; ..."."""
    items = []
    cursor = start
    for separator in list(regex.finditer(r";|,(?!\d)|\s+và\s+", layout.flat[start:end])) + [None]:
        stop = start + separator.start() if separator else end
        item = _item(layout, cursor, stop)
        if item:
            items.append(item)
        cursor = start + separator.end() if separator else end
    return items


def _problems(total: int | None, total_words: int | None, total_written: str | None, items: list[dict]) -> list[dict]:
    problems = []
    if total is not None and total_written and total_words is None:
        problems.append({"code": "words_unreadable", "message": f"total in words not readable: {total_written!r}", "item": None})
    elif total is not None and total_words is not None and total_words != total:
        problems.append(
            {
                "code": "words_mismatch",
                "message": f"total: digits say {format_vnd(total)}, words say {format_vnd(total_words)}",
                "item": None,
            }
        )
    for index, item in enumerate(items):
        if item["amount_in_words"] and item["words_vnd"] is None:
            problems.append(
                {"code": "words_unreadable", "message": f"item {index} ({item['source']}): words not readable", "item": index}
            )
        elif item["words_vnd"] is not None and item["words_vnd"] != item["amount_vnd"]:
            problems.append(
                {
                    "code": "words_mismatch",
                    "message": f"item {index} ({item['source']}): digits say {format_vnd(item['amount_vnd'])}, "
                    f"words say {format_vnd(item['words_vnd'])}",
                    "item": index,
                }
            )
    if total is not None and len(items) >= 2:
        items_sum = sum(item["amount_vnd"] for item in items)
        if items_sum != total:
            problems.append(
                {
                    "code": "sum_mismatch",
                    "message": f"items add up to {format_vnd(items_sum)}, total is {format_vnd(total)}",
                    "item": None,
                }
            )
    return problems


def find_budget(layout: Layout, paragraphs: list[Paragraph]) -> dict | None:
    """The budget of the spec, or None when no total is stated.

    >>> layout = Layout("Tổng kinh phí: 30 tỷ đồng (Ba mươi tỷ đồng).\\n- Ngân sách tỉnh: 20 tỷ đồng;\\n- Vốn khác: 5 tỷ đồng.")
    >>> budget = find_budget(layout, layout.paragraphs())
    >>> budget["total_vnd"], [i["amount_vnd"] for i in budget["items"]], [p["code"] for p in budget["problems"]]
    (30000000000, [20000000000, 5000000000], ['sum_mismatch'])
    """
    found = _total(layout, paragraphs)
    if found is None:
        return None
    index, paragraph, amount = found
    total_written, total_words, written_end = _words_after(layout, amount.end)
    items = _following_items(layout, paragraphs[index + 1 :])
    if not items:
        inline = _INLINE_ITEMS.search(layout.key, written_end, paragraph.end)
        if inline:
            items = _inline_items(layout, inline.end(), paragraph.end)
    return {
        "total_vnd": amount.vnd,
        "total_text": layout.snippet(amount.start, written_end),
        "items": items,
        "problems": _problems(amount.vnd, total_words, total_written, items),
    }


def _total(layout: Layout, paragraphs: list[Paragraph]) -> tuple[int, Paragraph, Amount] | None:
    """The paragraph stating the total and its amount: "Tổng kinh phí ..." anywhere, else a
    paragraph that opens on "Kinh phí thực hiện: 1,5 tỷ đồng" with the sum right after the cue."""
    for index, paragraph in enumerate(paragraphs):
        cue = _TOTAL_CUE.search(layout.key, paragraph.start, paragraph.end)
        amount = _amount_in(layout, cue.end(), paragraph.end) if cue else None
        if amount is not None:
            return index, paragraph, amount
    for index, paragraph in enumerate(paragraphs):
        cue = _STATED_TOTAL.match(layout.key, paragraph.start, paragraph.end)
        amount = _amount_in(layout, cue.end(), min(cue.end() + STATED_TOTAL_GAP, paragraph.end)) if cue else None
        if amount is not None:
            return index, paragraph, amount
    return None


def _is_lead_in(key: str) -> bool:
    """A short line that announces the list below it: "Cơ cấu nguồn vốn:", "Phân theo nguồn như sau:".

    >>> _is_lead_in("co cau nguon von:"), _is_lead_in("von ngan sach tinh: 18.500.000.000 dong")
    (True, False)
    """
    return key.endswith(":") and len(key.split()) <= LEAD_IN_MAX_WORDS and not regex.search(r"\d", key)


def _following_items(layout: Layout, paragraphs: list[Paragraph]) -> list[dict]:
    """Funding lines after the total, up to the first line that is not one."""
    items = []
    for paragraph in paragraphs:
        text = layout.text[paragraph.start : paragraph.end]
        level = heading_level(text.split("\n")[0])
        if level is not None and (level == 1 or _amount_in(layout, paragraph.start, paragraph.end) is None):
            break  # a heading, not a numbered funding line
        key = layout.key[paragraph.start : paragraph.end].strip()
        if regex.fullmatch(r"(?:trong do|bao gom|gom|cu the)\s*:?", key) or _is_lead_in(key):
            continue
        found = [item for start, end in _segments(layout, paragraph) if (item := _item(layout, start, end))]
        if not found:
            break
        items.extend(found)
    return items


def _segments(layout: Layout, paragraph: Paragraph) -> list[tuple[int, int]]:
    """A funding paragraph cut where a line ends on ";" or the next line opens "Label: <amount>":
    OCR that lost the "- " bullets joins "Vốn A: 35 tỷ đồng (...)" and "Vốn B: ..." into one paragraph."""
    cuts = [m.end() for m in _LINE_END_ITEM.finditer(layout.text, paragraph.start, paragraph.end)]
    starts = [paragraph.start, *cuts]
    ends = [*cuts, paragraph.end]
    return list(zip(starts, ends))
