"""Document metadata from header blocks of several shapes."""

from __future__ import annotations

from vnrestore.extract.metadata import extract_metadata, normalise_issuer


def fields(meta):
    return [meta[k] for k in ("doc_type", "number", "issuer", "place", "date", "title")]


def test_council_resolution_header():
    text = (
        "HỘI ĐỒNG NHÂN DÂN\nTỈNH ĐIỆN BIÊN\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 08/2022/NQ-HDND\nĐiện Biên, ngày 20 tháng 7 năm 2022\n"
        "NGHỊ QUYẾT\nQUY ĐỊNH MỨC CHI HỖ TRỢ CHUYỂN ĐỔI SỐ TẠI TỈNH ĐIỆN BIÊN\n"
        "HỘI ĐỒNG NHÂN DÂN TỈNH ĐIỆN BIÊN\nKHÓA XV, KỲ HỌP THỨ 7\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;\n"
        "... tỉnh Điện Biên ..."
    )
    assert fields(extract_metadata(text)) == [
        "Nghị quyết", "08/2022/NQ-HĐND", "HĐND tỉnh Điện Biên", "Điện Biên", "2022-07-20",
        "Quy định mức chi hỗ trợ chuyển đổi số tại tỉnh Điện Biên",
    ]


def test_report_without_number_takes_type_and_issuer_from_its_lines():
    text = "UBND THÀNH PHỐ HỘI AN\nBÁO CÁO\nKết quả thực hiện cải cách hành chính năm 2023\n\nNăm 2023, thành phố Hội An ..."
    meta = extract_metadata(text)
    assert (meta["doc_type"], meta["issuer"], meta["place"], meta["number"]) == (
        "Báo cáo", "UBND thành phố Hội An", "Hội An", None
    )
    assert meta["title"] == "Kết quả thực hiện cải cách hành chính năm 2023"


def test_number_line_gives_type_and_issuer_when_the_type_line_is_missing():
    text = "Số: 112/TTr-UBND\nKon Tum, ngày 02 tháng 11 năm 2021\nVề việc đề nghị thông qua Đề án\n\n... tỉnh Kon Tum ... tỉnh Kon Tum"
    meta = extract_metadata(text)
    assert (meta["doc_type"], meta["number"], meta["issuer"], meta["date"]) == (
        "Tờ trình", "112/TTr-UBND", "UBND tỉnh Kon Tum", "2021-11-02"
    )


def test_news_page_title_is_the_line_before_its_date():
    text = "Trang chủ\nTin tức\nHội nghị tổng kết chuyển đổi số năm 2023\nNgày đăng: 05/01/2024\n\n" + "Sáng nay, " * 40
    meta = extract_metadata(text)
    assert (meta["doc_type"], meta["date"], meta["title"]) == ("Tin bài", "2024-01-05", "Hội nghị tổng kết chuyển đổi số năm 2023")


def test_nothing_is_invented_for_a_body_without_header():
    meta = extract_metadata("Căn cứ Luật Đầu tư công ngày 13/6/2019;\nI. MỤC TIÊU")
    assert set(meta.values()) == {None}


def test_normalise_issuer_keeps_ministry_names_readable():
    assert normalise_issuer("BỘ THÔNG TIN VÀ TRUYỀN THÔNG") == "Bộ Thông tin và Truyền thông"  # a known body
    assert normalise_issuer("BỘ PHÁT TRIỂN VÙNG") == "Bộ phát triển vùng"  # an unknown one stays readable
    assert normalise_issuer("UBND HUYỆN ĐỨC PHỔ") == "UBND huyện Đức Phổ"


def test_department_under_its_council_is_the_issuer():
    """A two-line header "UBND TỈNH ..." over "SỞ ...": the department issues, named with the province."""
    meta = extract_metadata("UBND TỈNH HÀ TĨNH\nSỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG\nSố: 88/BC-STNMT\n"
                            "Hà Tĩnh, ngày 3 tháng 4 năm 2024\nBÁO CÁO THẨM ĐỊNH\nDự án số hóa bản đồ địa chính")
    assert meta["issuer"] == "Sở Tài nguyên và Môi trường tỉnh Hà Tĩnh"
    assert meta["doc_type"] == "Báo cáo thẩm định"
    assert meta["title"] == "Dự án số hóa bản đồ địa chính"
    stripped = extract_metadata("UBND TINH HA TINH\nSO NOI VU\nSO: 88/BC-SNV\nHa Tinh, ngay 3 thang 4 nam 2024")
    assert stripped["issuer"] == "Sở Nội vụ tỉnh Ha Tinh" and stripped["number"] == "88/BC-SNV"


def test_two_column_header_read_line_by_line():
    """OCR of the two-column header mixes the national motto into the issuer lines."""
    text = (
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TỈNH THỪA THIÊN HUẾ Độc lập - Tự do - Hạnh phúc\n"
        "Số: 2468/QĐ-UBND Thừa Thiên Huế, ngày 05 tháng 10 năm 2021\n"
        "QUYẾT ĐỊNH\nVề việc phê duyệt Kế hoạch chuyển đổi số năm 2022\n"
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"
    )
    assert fields(extract_metadata(text)) == [
        "Quyết định", "2468/QĐ-UBND", "UBND tỉnh Thừa Thiên Huế", "Thừa Thiên Huế", "2021-10-05",
        "Về việc phê duyệt Kế hoạch chuyển đổi số năm 2022",
    ]


def test_official_letter_takes_its_subject_line_as_title():
    text = "UBND TỈNH GIA LAI\nSố: 1520/UBND-KGVX\nV/v triển khai nền tảng số năm 2024\nGia Lai, ngày 3 tháng 4 năm 2024\n\nKính gửi: ..."
    meta = extract_metadata(text)
    assert (meta["doc_type"], meta["number"], meta["title"], meta["date"]) == (
        "Công văn", "1520/UBND-KGVX", "triển khai nền tảng số năm 2024", "2024-04-03"
    )


def test_party_committee_header_and_a_number_without_colon():
    meta = extract_metadata("TỈNH ỦY BÌNH DƯƠNG\n*\nSố 45-NQ/TU\nĐẢNG CỘNG SẢN VIỆT NAM\n"
                            "Bình Dương, ngày 15 tháng 3 năm 2023\nNGHỊ QUYẾT\nVề chuyển đổi số\nI. TÌNH HÌNH")
    assert [meta[k] for k in ("doc_type", "number", "issuer", "place", "date", "title")] == [
        "Nghị quyết", "45-NQ/TU", "Tỉnh ủy Bình Dương", "Bình Dương", "2023-03-15", "Về chuyển đổi số"]


def test_title_stops_where_the_body_opens_without_a_blank_line():
    meta = extract_metadata("UBND TỈNH QUẢNG TRỊ\nVĂN PHÒNG\nSố: 88/TB-VP\nQuảng Trị, ngày 9 tháng 9 năm 2023\n"
                            "THÔNG BÁO\nÝ kiến kết luận của Phó Chủ tịch UBND tỉnh\nNgày 5/9/2023, Phó Chủ tịch làm việc")
    assert meta["title"] == "Ý kiến kết luận của Phó Chủ tịch UBND tỉnh"
    assert meta["issuer"] == "Văn phòng UBND tỉnh Quảng Trị"
