"""Budget totals, items and the checks between digits, words and sums."""

from __future__ import annotations

from vnrestore.extract.budget import find_budget
from vnrestore.extract.layout import Layout


def budget_of(text):
    layout = Layout(text)
    return find_budget(layout, layout.paragraphs())


def test_total_and_items_agree():
    text = (
        "V. KINH PHÍ\n"
        "Tổng kinh phí thực hiện: 12.600.000.000 đồng (Mười hai tỷ, sáu trăm triệu đồng). Trong đó:\n"
        "- Ngân sách trung ương: 8.000.000.000 đồng (Tám tỷ đồng);\n"
        "- Ngân sách tỉnh: 4,6 tỷ đồng (Bốn tỷ sáu trăm triệu đồng).\n"
        "VI. TỔ CHỨC THỰC HIỆN"
    )
    budget = budget_of(text)
    assert budget["total_vnd"] == 12_600_000_000
    assert budget["total_text"] == "12.600.000.000 đồng (Mười hai tỷ, sáu trăm triệu đồng)"
    assert [(i["source"], i["amount_vnd"], i["words_vnd"]) for i in budget["items"]] == [
        ("Ngân sách trung ương", 8_000_000_000, 8_000_000_000),
        ("Ngân sách tỉnh", 4_600_000_000, 4_600_000_000),
    ]
    assert budget["problems"] == []


def test_words_and_sum_mismatches_are_reported():
    text = (
        "Tổng vốn: 769.500.000.000 đồng (Bảy trăm sáu mươi chín tỷ, năm trăm triệu đồng)\n"
        "- Vốn ngân sách: 500.000.000.000 đồng (Năm trăm tỷ đồng)\n"
        "- Vốn vay: 260.000.000.000 đồng (Hai trăm năm mươi tỷ đồng)\n"
        "- Vốn khác: 9.500.000.000 đồng\n"
    )
    budget = budget_of(text)
    assert [(p["code"], p["item"]) for p in budget["problems"]] == [("words_mismatch", 1)]
    text = text.replace("Vốn khác: 9.500.000.000", "Vốn khác: 8.500.000.000")
    assert [(p["code"], p["item"]) for p in budget_of(text)["problems"]] == [("words_mismatch", 1), ("sum_mismatch", None)]


def test_total_words_mismatch_and_unreadable_words():
    text = "Tổng kinh phí: 901.000.000.000 (Bằng chữ: chín trăm mười một tỷ đồng).\n- Vốn A: 1 tỷ đồng (xem phụ lục)"
    problems = budget_of(text)["problems"]
    assert [(p["code"], p["item"]) for p in problems] == [("words_mismatch", None), ("words_unreadable", 0)]


def test_items_listed_in_the_total_sentence():
    text = "Tổng kinh phí khoảng 43,84 tỷ đồng, trong đó: ngân sách tỉnh 30 tỷ đồng; xã hội hóa 13,84 tỷ đồng."
    budget = budget_of(text)
    assert budget["total_vnd"] == 43_840_000_000
    assert [(i["source"], i["amount_vnd"]) for i in budget["items"]] == [
        ("ngân sách tỉnh", 30_000_000_000), ("xã hội hóa", 13_840_000_000)
    ]
    assert budget["problems"] == []


def test_no_budget_without_a_total():
    assert budget_of("Sở Tài chính cân đối kinh phí thực hiện theo quy định; năm 2022 bố trí 5 tỷ đồng.") is None


def test_numbered_items_and_a_following_heading():
    text = (
        "Tổng mức đầu tư dự kiến là 120 tỷ đồng, gồm:\n"
        "1. Vốn ngân sách tỉnh: 70 tỷ đồng.\n"
        "2. Vốn vay ODA: 50 tỷ đồng.\n"
        "3. Tổ chức thực hiện\n"
        "- Giao Sở Tài chính 5 tỷ đồng dự phòng."
    )
    budget = budget_of(text)
    assert [(i["source"], i["amount_vnd"]) for i in budget["items"]] == [
        ("Vốn ngân sách tỉnh", 70_000_000_000), ("Vốn vay ODA", 50_000_000_000)
    ]
    assert budget["problems"] == []


def test_a_lead_in_line_between_total_and_items():
    """"Cơ cấu nguồn vốn:" announces the items; words disagreeing and a short sum are both reported."""
    budget = budget_of(
        "Tổng mức đầu tư: 58.750.000.000 đồng (Bằng chữ: Năm mươi tám tỷ, bảy trăm năm mươi triệu đồng).\n"
        "Cơ cấu nguồn vốn:\n"
        "- Vốn ngân sách tỉnh: 54.000.000.000 đồng (Năm mươi tư tỷ đồng);\n"
        "- Vốn sự nghiệp: 4.750.000.000 đồng (Bốn tỷ, năm trăm bảy mươi triệu đồng);\n"
        "- Vốn khác: 105.000.000 đồng (Một trăm linh năm triệu đồng).\n"
        "Tổng các nguồn vốn nêu trên thấp hơn tổng mức đầu tư."
    )
    assert [(i["source"], i["amount_vnd"], i["words_vnd"]) for i in budget["items"]] == [
        ("Vốn ngân sách tỉnh", 54_000_000_000, 54_000_000_000),
        ("Vốn sự nghiệp", 4_750_000_000, 4_570_000_000),
        ("Vốn khác", 105_000_000, 105_000_000),
    ]
    assert [(p["code"], p["item"]) for p in budget["problems"]] == [("words_mismatch", 1), ("sum_mismatch", None)]


def test_a_long_sentence_ending_in_a_colon_is_not_a_lead_in():
    budget = budget_of(
        "Tổng kinh phí: 10 tỷ đồng.\n"
        "Sau khi rà soát, Sở Tài chính thống nhất phân bổ cho các đơn vị theo danh sách sau đây như sau:\n"
        "- Ngân sách tỉnh: 10 tỷ đồng."
    )
    assert budget["items"] == []


def test_amounts_in_trieu_with_lettered_items_and_a_stray_tone_on_the_letter():
    budget = budget_of(
        "Tổng kinh phí: 126.450 triệu đồng (Một trăm hai mươi sáu tỷ, bốn trăm năm mươi triệu đồng), trong đó:\n"
        "à) Ngân sách tỉnh: 84.300 triệu đồng (Tám mươi tư tỷ, ba trăm triệu đồng);\n"
        "b) Ngân sách cấp huyện: 42.150 triệu đồng."
    )
    assert [(i["source"], i["amount_vnd"]) for i in budget["items"]] == [
        ("Ngân sách tỉnh", 84_300_000_000),
        ("Ngân sách cấp huyện", 42_150_000_000),
    ]
    assert budget["problems"] == []


def test_a_cost_stated_without_tong_and_items_named_after_the_total_sentence():
    stated = budget_of("IV. KINH PHÍ\nKinh phí thực hiện: 1,5 tỷ đồng (Một tỷ năm trăm triệu đồng) từ ngân sách tỉnh.")
    assert (stated["total_vnd"], stated["problems"]) == (1_500_000_000, [])
    estimate = budget_of("Dự toán kinh phí: 780 triệu đồng.\n- Chi hội nghị: 300 triệu đồng;\n- Chi tập huấn: 500 triệu đồng.")
    assert [i["amount_vnd"] for i in estimate["items"]] == [300_000_000, 500_000_000]
    assert [p["code"] for p in estimate["problems"]] == ["sum_mismatch"]
    later = budget_of("Tổng kinh phí thực hiện Kế hoạch là 5.000.000.000 đồng (Năm tỷ đồng chẵn). "
                      "Nguồn kinh phí: ngân sách tỉnh 3 tỷ đồng, ngân sách huyện 2 tỷ đồng.")
    assert [(i["source"], i["amount_vnd"]) for i in later["items"]] == [
        ("ngân sách tỉnh", 3_000_000_000), ("ngân sách huyện", 2_000_000_000)]


def test_no_budget_from_a_cost_mentioned_in_passing():
    assert budget_of("Kinh phí thực hiện từ nguồn ngân sách tỉnh năm 2024 đã bố trí 300 triệu đồng cho Sở.") is None
    assert budget_of("Bố trí kinh phí: theo dự toán được giao năm 2024.") is None


def test_a_sum_in_ty_and_trieu_is_one_amount():
    budget = budget_of("Tổng vốn đầu tư dự án: 15 tỷ 500 triệu đồng (Mười lăm tỷ năm trăm triệu đồng).")
    assert (budget["total_vnd"], budget["problems"]) == (15_500_000_000, [])


def test_items_whose_bullets_ocr_lost_and_whose_words_wrap():
    budget = budget_of(
        "Tổng mức đầu tư: 58.750.000.000 đồng (Bằng chữ: Năm mươi tám tỷ, bảy trăm năm mươi triệu đồng).\n"
        "Cơ cấu nguồn vốn:\n"
        "Vốn ngân sách trung ương hỗ trợ: 35.000.000.000 đồng (Ba mươi lăm tỷ\nđồng);\n"
        "Vốn ngân sách tỉnh: 18.500.000.000 đồng (Mười tám tỷ, năm trăm triệu\nđồng);\n"
        "Vốn khác: 5.250.000.000 đồng (Năm tỷ, hai trăm năm mươi triệu đồng).\n"
        "Tổng các nguồn vốn nêu trên khớp với tổng mức đầu tư."
    )
    assert [(i["source"], i["amount_vnd"], i["words_vnd"]) for i in budget["items"]] == [
        ("Vốn ngân sách trung ương hỗ trợ", 35_000_000_000, 35_000_000_000),
        ("Vốn ngân sách tỉnh", 18_500_000_000, 18_500_000_000),
        ("Vốn khác", 5_250_000_000, 5_250_000_000),
    ]
    assert budget["problems"] == []


def test_items_without_bullets_or_semicolons_each_on_their_own_label_line():
    """OCR of a list whose dashes were lost; an item's words wrap onto the next line."""
    budget = budget_of(
        "Tổng kinh phí: 601.000.000.000 đồng.\nTrong đó:\n"
        "Ngân sách địa phương (các huyện, thị xã): 81.000.000.000\nđồng (Tám mươi mốt tỷ đồng)\n"
        "Ngân sách hỗ trợ từ Trung ương: 320.000.000.000 đồng (Ba trăm hai mươi\ntỷ đồng).\n"
        "Nguồn xã hội hóa: 200.000.000.000 đồng (Hai trăm tỷ đồng).\n(Chi tiết kèm theo)."
    )
    assert [(i["source"], i["amount_vnd"], i["words_vnd"]) for i in budget["items"]] == [
        ("Ngân sách địa phương (các huyện, thị xã)", 81_000_000_000, 81_000_000_000),
        ("Ngân sách hỗ trợ từ Trung ương", 320_000_000_000, 320_000_000_000),
        ("Nguồn xã hội hóa", 200_000_000_000, 200_000_000_000),
    ]
    assert budget["problems"] == []
