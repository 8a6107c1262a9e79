"""Cited documents: numbers in standard form, legal bases versus references."""

from __future__ import annotations

import pytest

from vnrestore.extract.citations import find_citations, normalise_number, split_bases
from vnrestore.extract.layout import Layout


def keys(citations):
    return [(c.doc_type, c.number, c.date) for c in citations]


def bases_and_references(text):
    layout = Layout(text)
    return split_bases(layout, find_citations(layout), layout.paragraphs())


@pytest.mark.parametrize(
    ("parts", "standard"),
    [
        (("15", None, "/", "CT - TTg"), "15/CT-TTg"),
        (("09", None, "-", "NQ/ĐU"), "09-NQ/ĐU"),
        (("9", None, "-", "KL/TU"), "9-KL/TU"),
        (("58", "2021", "/", "TT-BTC"), "58/2021/TT-BTC"),
        (("12", None, "/", "NQ-HDND"), "12/NQ-HĐND"),
        (("3", "2020", "/", "QH14"), "3/2020/QH14"),
    ],
)
def test_normalise_number(parts, standard):
    assert normalise_number(*parts) == standard


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("theo Nghị định số 45/2020/NĐ-CP ngày 08/4/2020 của Chính phủ", ("Nghị định", "45/2020/NĐ-CP", "2020-04-08")),
        ("theo Nghi dinh so 45/2020/ND-CP ngay 08/4/2020 cua Chinh phu", ("Nghị định", "45/2020/NĐ-CP", "2020-04-08")),
        ("tại Quyết định số 2392/QD-BTTTT\nngày 22 tháng 12 năm 2022", ("Quyết định", "2392/QĐ-BTTTT", "2022-12-22")),
        ("thực hiện Nghị quyết số 09-\nNQ/TU ngày 4/5/2021 của Tỉnh ủy", ("Nghị quyết", "09-NQ/TU", "2021-05-04")),
        ("thực hiện Chỉ thị 02/CT-TTg ngày 14/4/2022", ("Chỉ thị", "02/CT-TTg", "2022-04-14")),
        ("tại văn bản 1520/UBND-KGVX ngày 3/3/2023", ("Văn bản", "1520/UBND-KGVX", "2023-03-03")),
        ("theo 61/KH-UBND ngày 3/3/2023", ("Kế hoạch", "61/KH-UBND", "2023-03-03")),
    ],
)
def test_numbered_citation(text, expected):
    citations = find_citations(Layout(text))
    assert keys(citations) == [expected]


def test_issuer_is_shortened_and_title_follows():
    text = "theo Kế hoạch số 77/KH-UBND ngày 1/6/2021 của Ủy ban nhân dân tỉnh về chuyển đổi số năm 2021;"
    (citation,) = find_citations(Layout(text))
    assert citation.issuer == "UBND tỉnh"
    assert citation.title == "về chuyển đổi số năm 2021"


def test_law_cited_by_name_with_a_date_or_a_year():
    text = "Căn cứ Luật Đầu tư công ngày 13/6/2019; theo Luật An ninh mạng năm 2018 và theo quy định của Luật."
    assert keys(find_citations(Layout(text))) == [("Luật", None, "2019-06-13"), ("Luật", None, "2018")]


def test_law_amending_other_laws_is_one_citation():
    text = "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Đất đai và Luật Xây dựng ngày 20/11/2018;"
    assert keys(find_citations(Layout(text))) == [("Luật", None, "2018-11-20")]


def test_bases_are_the_clause_openers_of_can_cu_lines():
    text = (
        "Căn cứ Nghị quyết số 50/NQ-CP ngày 17/4/2020 của Chính phủ ban hành Chương trình hành động "
        "thực hiện Nghị quyết số 52-NQ/TW ngày 27/9/2019 của Bộ Chính trị;\n"
        "Căn cứ Luật Ngân sách nhà nước ngày 25/6/2015; Luật Đầu tư công ngày 13/6/2019;\n"
        "Xét đề nghị của Giám đốc Sở Tài chính tại Tờ trình số 88/TTr-STC ngày 2/3/2021.\n"
        "Điều 1. Giao Sở Tài chính theo dõi Quyết định số 12/QĐ-UBND ngày 5/1/2021."
    )
    bases, references = bases_and_references(text)
    assert keys(bases) == [
        ("Nghị quyết", "50/NQ-CP", "2020-04-17"),
        ("Luật", None, "2015-06-25"),
        ("Luật", None, "2019-06-13"),
        ("Tờ trình", "88/TTr-STC", "2021-03-02"),
    ]
    assert bases[-1].issuer == "Giám đốc Sở Tài chính"
    assert keys(references) == [("Nghị quyết", "52-NQ/TW", "2019-09-27"), ("Quyết định", "12/QĐ-UBND", "2021-01-05")]


def test_bases_listed_under_a_legal_basis_heading_end_at_the_next_heading():
    text = (
        "I. CĂN CỨ PHÁP LÝ\n"
        "- Nghị định số 73/2019/NĐ-CP ngày 05/9/2019 của Chính phủ;\n"
        "- Thông tư số 03/2020/TT-BTTTT ngày 24/02/2020 của Bộ Thông tin và Truyền thông.\n"
        "II. THỰC TRẠNG\n"
        "- Đã triển khai Kế hoạch số 5/KH-UBND ngày 2/1/2020."
    )
    bases, references = bases_and_references(text)
    assert keys(bases) == [("Nghị định", "73/2019/NĐ-CP", "2019-09-05"), ("Thông tư", "03/2020/TT-BTTTT", "2020-02-24")]
    assert keys(references) == [("Kế hoạch", "5/KH-UBND", "2020-01-02")]


def test_bases_proposed_in_addition_by_a_review_report():
    text = (
        "Ban đề nghị bổ sung thêm 02 căn cứ là: Luật Quy hoạch ngày 24/11/2017; Quyết định so 88/QD-TTg\n"
        "ngay 10/01/2022 cua Thu tuong Chinh phu. Đề nghị xem xét Kế hoạch số 9/KH-UBND ngày 1/2/2022."
    )
    bases, references = bases_and_references(text)
    assert keys(bases) == [("Luật", None, "2017-11-24"), ("Quyết định", "88/QĐ-TTg", "2022-01-10")]
    assert keys(references) == [("Kế hoạch", "9/KH-UBND", "2022-02-01")]


def test_a_document_cited_twice_is_listed_once():
    text = "theo Kế hoạch số 5/KH-UBND ngày 2/1/2020; nhắc lại Kế hoạch số 5/KH-UBND ngày 2/1/2020."
    _, references = bases_and_references(text)
    assert len(references) == 1


@pytest.mark.parametrize("text", ["giai đoạn 2021-2025", "xếp hạng 47/63", "mức độ 3-4", "ngày 15/4/2015", "CNTT-TT"])
def test_no_citation_in_plain_numbers(text):
    assert find_citations(Layout(text)) == []


def test_date_and_issuer_told_before_the_citation():
    text = "Ngày 14/10/2015, Chính phủ đã ban hành Nghị quyết số 36a/NQ-CP về Chính phủ điện tử."
    (citation,) = find_citations(Layout(text))
    assert (citation.number, citation.date, citation.issuer) == ("36a/NQ-CP", "2015-10-14", "Chính phủ")


def test_a_repeat_without_date_merges_into_the_dated_citation_but_other_years_stay():
    text = (
        "Chính phủ ban hành Nghị quyết 17/NQ-CP về Chính phủ điện tử; Nghị quyết số 17/NQ-CP ngày 07/3/2019; "
        "Chỉ thị số 14/CT-TTg ngày 25/5/2018 và Chỉ thị số 14/CT-TTg ngày 07/6/2019."
    )
    _, references = bases_and_references(text)
    assert keys(references) == [
        ("Nghị quyết", "17/NQ-CP", "2019-03-07"), ("Chỉ thị", "14/CT-TTg", "2018-05-25"),
        ("Chỉ thị", "14/CT-TTg", "2019-06-07"),
    ]


def test_every_clause_of_a_xet_or_theo_de_nghi_paragraph_opens_a_basis():
    """"Xét Tờ trình ...; Báo cáo thẩm tra ..." gives two bases; "Theo đề nghị ... tại Tờ trình" one."""
    text = (
        "Căn cứ Luật Đất đai ngày 29/11/2013;\n"
        "Xét Tờ trình số 41/TTr-UBND ngày 3/5/2021 của Ủy ban nhân dân tỉnh về việc thông qua danh mục "
        "thực hiện Kế hoạch số 7/KH-UBND ngày 1/2/2021; Báo cáo thẩm tra số 12/BC-KTNS ngày 10/5/2021 của "
        "Ban Kinh tế - Ngân sách; ý kiến thảo luận của đại biểu.\n"
        "Theo đề nghị của Chánh Văn phòng Ủy ban nhân dân tỉnh tại Tờ trình số 9/TTr-VP ngày 4/5/2021.\n"
        "QUYẾT NGHỊ:"
    )
    bases, references = bases_and_references(text)
    assert keys(bases) == [
        ("Luật", None, "2013-11-29"),
        ("Tờ trình", "41/TTr-UBND", "2021-05-03"),
        ("Báo cáo thẩm tra", "12/BC-KTNS", "2021-05-10"),
        ("Tờ trình", "9/TTr-VP", "2021-05-04"),
    ]
    assert keys(references) == [("Kế hoạch", "7/KH-UBND", "2021-02-01")]


def test_numbered_items_under_a_legal_basis_heading_and_a_proposal_after_them():
    text = (
        "I. CƠ SỞ PHÁP LÝ\n"
        "1. Luật Quy hoạch ngày 24 tháng 11 năm 2017;\n"
        "2. Nghị định số 37/2019/NĐ-CP ngày 07/5/2019 của Chính phủ;\n"
        "Đề nghị bổ sung thêm vào phần căn cứ: Thông tư số 2/2020/TT-BKHĐT ngày 3/4/2020 của Bộ Kế hoạch và Đầu tư.\n"
        "II. NỘI DUNG\n"
        "1. Thực hiện theo Quyết định số 5/QĐ-UBND ngày 1/2/2021."
    )
    bases, references = bases_and_references(text)
    assert keys(bases) == [
        ("Luật", None, "2017-11-24"),
        ("Nghị định", "37/2019/NĐ-CP", "2019-05-07"),
        ("Thông tư", "2/2020/TT-BKHĐT", "2020-04-03"),
    ]
    assert bases[-1].issuer == "Bộ Kế hoạch và Đầu tư"
    assert keys(references) == [("Quyết định", "5/QĐ-UBND", "2021-02-01")]


def test_damage_left_by_restoration_inside_citations():
    """"so", "sô", "QD", a line broken inside the number, O for 0 and l for 1, a stray tone on the issuer."""
    from vnrestore.extract.api import extract

    doc = extract(
        "Căn cứ Nghị định so 59/2022/NĐ-\nCP ngày 05 tháng 9 năm 2022 của Chính phủ;\n"
        "Căn cứ Quyết định sô 06/QD-TTg ngày 06 tháng 01\nnăm 2022 của Thủ tướng Chính phú;\n"
        "Căn cứ Chỉ thị số O5/CT-TTg ngày 23/O2/2023 của Thủ tướng Chính phủ;\n"
        "Căn cứ Luật Căn cước công dân ngày 2O tháng 11 năm 2Ol4;"
    )
    assert [(b["doc_type"], b["number"], b["date"], b["issuer"]) for b in doc["legal_bases"]] == [
        ("Nghị định", "59/2022/NĐ-CP", "2022-09-05", "Chính phủ"),
        ("Quyết định", "06/QĐ-TTg", "2022-01-06", "Thủ tướng Chính phủ"),
        ("Chỉ thị", "05/CT-TTg", "2023-02-23", "Thủ tướng Chính phủ"),
        ("Luật", None, "2014-11-20", None),
    ]


def test_long_issuer_is_kept_whole_and_title_starts_at_de_nghi():
    layout = Layout(
        "theo Báo cáo thẩm tra số 60/BC-VHXH ngày 02/12/2022 của Ban Văn hóa - Xã hội Hội đồng nhân dân tỉnh; "
        "nhận Tờ trình số 412/TTr-STTTT ngày 10/7/2023 của Sở Thông tin và Truyền thông đề nghị thẩm định dự án."
    )
    citations = find_citations(layout)
    assert [(c.issuer, c.title) for c in citations] == [
        ("Ban Văn hóa - Xã hội HĐND tỉnh", None),
        ("Sở Thông tin và Truyền thông", "đề nghị thẩm định dự án"),
    ]


def test_ocr_b_for_d_stroke_in_a_decision_code():
    layout = Layout("theo Quyết định số\n846/Qb-TTg; có 5-Quyết định khác")
    assert keys(find_citations(layout)) == [("Quyết định", "846/QĐ-TTg", None)]


def test_issuer_words_that_share_a_skeleton_with_a_title_starter():
    """"giáo" of "Ban Tuyên giáo" is not "giao" (assign); "về" still starts the title."""
    layout = Layout("Căn cứ Hướng dẫn số 12-HD/BTGTW ngày 3/4/2021 của Ban Tuyên giáo Trung ương về công tác tuyên truyền;")
    citation = find_citations(layout)[0]
    assert (citation.issuer, citation.title) == ("Ban Tuyên giáo Trung ương", "về công tác tuyên truyền")


def test_numbers_ocr_split_or_misread_in_a_scan():
    """Seen on scans of the invented documents: "41 I/QĐ-TTg", "QHI5", "tháng I I năm"."""
    from vnrestore.extract.api import extract

    doc = extract(
        "Căn cứ Luật Giao dịch điện tử số 20/2023/QHI5 ngày 22 tháng 6 năm 2023;\n"
        "Căn cứ Quyết định số 41 I/QĐ-TTg ngày 31/3/2022 của Thủ tướng Chính phủ;\n"
        "Căn cứ Luật Căn cước công dân ngày 20 tháng I I năm 2014;"
    )
    assert [(b["doc_type"], b["number"], b["date"]) for b in doc["legal_bases"]] == [
        ("Luật", "20/2023/QH15", "2023-06-22"),
        ("Quyết định", "411/QĐ-TTg", "2022-03-31"),
        ("Luật", None, "2014-11-20"),
    ]
