"""Targets (what a plan promises by when) and facts (what was achieved)."""

from __future__ import annotations

from vnrestore.extract.layout import Layout
from vnrestore.extract.targets import find_facts, find_targets


def targets_of(text, default_year=None):
    layout = Layout(text)
    return find_targets(layout, layout.paragraphs(), default_year)


def facts_of(text):
    layout = Layout(text)
    return find_facts(layout, layout.paragraphs())


def test_several_numbers_in_one_clause_give_several_targets():
    text = "2. Chỉ tiêu cụ thể\n- 95% trẻ em được tiêm chủng, 70% người cao tuổi và 50% học sinh được khám định kỳ."
    found = targets_of(text, 2026)
    assert [(t["value"], t["unit"], t["year"]) for t in found] == [(95, "%", 2026), (70, "%", 2026), (50, "%", 2026)]
    assert found[0]["subject"] == "trẻ em được tiêm chủng"
    assert found[0]["section"] == "2. Chỉ tiêu cụ thể"


def test_ranges_points_and_ranks():
    text = (
        "Mục tiêu: chỉ số PAR INDEX đạt 0,850 điểm; tỷ lệ che phủ rừng 55 - 60%; "
        "nâng chỉ số DTI lên từ 4 đến 6 bậc; nằm trong nhóm 20 hạng đầu."
    )
    found = targets_of(text)
    assert [(t["value"], t["value_max"], t["unit"]) for t in found] == [
        (0.85, None, "điểm"), (55, 60, "%"), (4, 6, "bậc"), (20, None, "hạng")
    ]


def test_year_from_clause_then_paragraph_lead_then_heading():
    text = (
        "III. ĐỊNH HƯỚNG ĐẾN NĂM 2035\n"
        "- 100% xã có bưu điện văn hóa.\n"
        "- Phấn đấu đến năm 2030: 90% hộ dân dùng nước sạch; 80% rác thải được xử lý đến năm 2028."
    )
    assert [(t["value"], t["year"]) for t in targets_of(text)] == [(100, 2035), (90, 2030), (80, 2028)]


def test_no_targets_outside_goal_context_nor_without_unit():
    text = (
        "II. NHIỆM VỤ\n- Tổ chức 02 hội thảo, 15 lớp tập huấn; hàng năm rà soát 100% thủ tục.\n"
        "I. MỤC TIÊU\n- Đào tạo 300 cán bộ; cung cấp dịch vụ mức độ 3, 4; 10 hàng hóa chủ lực."
    )
    assert targets_of(text) == []


def test_unaccented_unit_still_reads():
    text = "Muc tieu den nam 2025: 40% doanh nghiep su dung hoa don dien tu; dat 0,7 diem."
    assert [(t["value"], t["unit"], t["year"]) for t in targets_of(text)] == [(40, "%", 2025), (0.7, "điểm", 2025)]


def test_rank_fact_with_its_year():
    text = "Năm 2022, chỉ số PCI của tỉnh xếp hạng 38/63, tăng 5 bậc so với năm trước."
    facts = facts_of(text)
    # the climb of 5 places is achieved too, so it is a fact of its own
    assert [(f["value"], f["unit"], f["year"]) for f in facts] == [(38, "hạng", 2022), (5, "bậc", 2022)]
    bare = facts_of("Năm 2022, chỉ số DTI của tỉnh xếp thứ 25/63 tỉnh, thành phố.")
    assert [(f["value"], f["subject"]) for f in bare] == [(25, "chỉ số DTI của tỉnh")]
    about = facts_of("Năm 2023, tỉnh xếp thứ 12/63 về chỉ số chuyển đổi số, đạt 0,512 điểm.")
    assert [(f["value"], f["unit"], f["subject"]) for f in about][0] == (12, "hạng", "chỉ số chuyển đổi số")
    assert [(f["value"], f["unit"]) for f in about][1:] == [(0.512, "điểm")]


def test_achieved_percentage_is_a_fact_not_a_target():
    text = "Đến nay đã đạt 87,5% hồ sơ trực tuyến; năm 2021 hiện nay có 12% doanh nghiệp số."
    facts = facts_of(text)
    assert [(f["value"], f["unit"]) for f in facts] == [(87.5, "%"), (12, "%")]
    assert targets_of(text) == []


def test_achieved_clause_under_a_goals_heading_is_a_fact():
    text = "I. MỤC TIÊU\n- Hiện nay 65% hồ sơ được số hóa; phấn đấu 100% hồ sơ được số hóa."
    assert [t["value"] for t in targets_of(text, 2025)] == [100]
    assert [f["value"] for f in facts_of(text)] == [65]


def test_a_clause_naming_its_year_is_a_target_anywhere():
    text = "Sở Y tế chủ trì triển khai; đến năm 2027 có 95% trạm y tế dùng bệnh án điện tử."
    assert [(t["value"], t["year"]) for t in targets_of(text)] == [(95, 2027)]


def test_report_figure_reached_is_a_fact():
    text = "Năm 2023, tỷ lệ hồ sơ trực tuyến toàn trình đạt 45,6%, tăng so với năm 2022."
    assert [(f["value"], f["year"]) for f in facts_of(text)] == [(45.6, 2023)]


def test_range_cut_at_its_dash_by_a_line_break():
    text = "Phấn đấu đến năm 2025: 90% xã có internet; 70%\n- 100% hộ dân dùng điện thoại thông minh."
    assert [(t["value"], t["value_max"]) for t in targets_of(text)] == [(90, None), (70, 100)]


def test_a_baseline_year_is_not_the_target_year():
    text = "Điều 2. Mục tiêu đến năm 2025\n2. Chỉ số DTI đạt từ 0,55 đến 0,60 điểm; tăng ít nhất 5 bậc so với năm 2022."
    assert [(t["value"], t["value_max"], t["unit"], t["year"]) for t in targets_of(text)] == [
        (0.55, 0.6, "điểm", 2025),
        (5, None, "bậc", 2025),
    ]


def test_rank_told_with_xep_thu_and_a_year_shared_by_the_sentence():
    text = "Năm 2022, chỉ số DTI của tỉnh xếp thứ 25/63 tỉnh, thành phố; hạ tầng hiện có mới đáp ứng 45% nhu cầu."
    assert [(f["value"], f["unit"], f["year"]) for f in facts_of(text)] == [(25, "hạng", 2022), (45, "%", 2022)]
    later = "Chỉ số xếp thứ 30/63. Hạ tầng hiện có mới đáp ứng 45% nhu cầu."
    assert [f["year"] for f in facts_of(later)] == [None, None]


def test_ocr_digit_lookalikes_in_targets():
    from vnrestore.extract.api import extract

    doc = extract("1. Chỉ tiêu năm 2023\n- l00% công dân được cấp thẻ; 8O% người dân có tài khoản; đạt từ 40 đến 5O%.")
    assert [(t["value"], t["value_max"], t["year"]) for t in doc["targets"]] == [(100, None, 2023), (80, None, 2023), (40, 50, 2023)]


def test_restorer_s_bac_for_bac_is_still_a_rank_step_but_doctors_are_not():
    text = "1. Mục tiêu đến năm 2030\n- Chỉ số tăng từ 3 - 5 bác; mỗi trạm y tế có 2 bác sĩ; đạt 0,7 điểm."
    assert [(t["value"], t["value_max"], t["unit"]) for t in targets_of(text)] == [(3, 5, "bậc"), (0.7, None, "điểm")]


def test_period_heading_dates_its_targets_and_a_yearly_rate_keeps_its_subject():
    text = (
        "II. MỤC TIÊU\n2. Mục tiêu cụ thể\n"
        "b) Kinh tế số tăng trưởng bình quân 8 - 10%/năm; không dưới 70% doanh nghiệp dùng nền tảng số.\n"
        "3. Giai đoạn 2031 - 2035\n- 100% dịch vụ công được cung cấp trên thiết bị di động."
    )
    assert [(t["value"], t["value_max"], t["year"], t["subject"]) for t in targets_of(text, 2030)] == [
        (8, 10, 2030, "Kinh tế số tăng trưởng bình quân"),
        (70, None, 2030, "doanh nghiệp dùng nền tảng số"),
        (100, None, 2035, "dịch vụ công được cung cấp trên thiết bị di động"),
    ]


def test_a_range_after_tu_whose_dash_ocr_lost():
    text = "1. Mục tiêu đến năm 2030\n- Chỉ số tăng từ 3 5 bậc; 3 5 bậc không có 'từ' là hai số."
    assert [(t["value"], t["value_max"], t["unit"]) for t in targets_of(text)] == [(3, 5, "bậc"), (5, None, "bậc")]


def test_a_percentage_range_whose_dash_ocr_lost():
    text = "Phấn đấu đến năm 2025: 70% 100% tài liệu được số hóa; 100% 80% là hai con số; 50-70% dịch vụ."
    assert [(t["value"], t["value_max"]) for t in targets_of(text)] == [(70, 100), (100, None), (80, None), (50, 70)]
