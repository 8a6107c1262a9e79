"""Word lists the extract parsers match against, kept apart from the logic.

Keys are *skeletons* (lower case, no diacritics, see
:func:`vnrestore.text.diacritics.skeleton`) so that restored text which kept an
unaccented "Nghi dinh" or "so" still matches; values are the canonical,
accented forms written to the JSON.
"""

from __future__ import annotations

#: document type as written in a citation or header -> canonical name.
#: Longest first where one is a prefix of another ("thong tu lien tich").
DOC_TYPES: dict[str, str] = {
    "thong tu lien tich": "Thông tư liên tịch",
    "bao cao tham tra": "Báo cáo thẩm tra",
    "bao cao tham dinh": "Báo cáo thẩm định",
    "nghi quyet": "Nghị quyết",
    "nghi dinh": "Nghị định",
    "quyet dinh": "Quyết định",
    "thong tu": "Thông tư",
    "chi thi": "Chỉ thị",
    "ke hoach": "Kế hoạch",
    "to trinh": "Tờ trình",
    "thong bao": "Thông báo",
    "cong van": "Công văn",
    "cong dien": "Công điện",
    "bao cao": "Báo cáo",
    "de an": "Đề án",
    "chuong trinh": "Chương trình",
    "huong dan": "Hướng dẫn",
    "ket luan": "Kết luận",
    "quy che": "Quy chế",
    "phap lenh": "Pháp lệnh",
    "bo luat": "Bộ luật",
    "luat": "Luật",
    "hien phap": "Hiến pháp",
    "van ban": "Văn bản",
}
#: the keys of DOC_TYPES as one regex alternation, longest first (so "nghi quyet" wins over shorter keys)
DOC_TYPE_PATTERN = "|".join(sorted(DOC_TYPES, key=len, reverse=True))

#: the letters of a document number that name its type: "17/NQ-CP" -> Nghị quyết
CODE_TYPES: dict[str, str] = {
    "NQ": "Nghị quyết",
    "NĐ": "Nghị định",
    "QĐ": "Quyết định",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "CT": "Chỉ thị",
    "KH": "Kế hoạch",
    "TTr": "Tờ trình",
    "TB": "Thông báo",
    "BC": "Báo cáo",
    "KL": "Kết luận",
    "HD": "Hướng dẫn",
    "CTr": "Chương trình",
    "QH": "Luật",
    "CĐ": "Công điện",
}

#: code letters whose accented or mixed-case form is standard, keyed by their
#: upper-case skeleton: "QD" -> "QĐ", "TTG" -> "TTg"
CODE_FORMS: dict[str, str] = {
    "QD": "QĐ",
    "QB": "QĐ",  # OCR reads Đ as b: "846/Qb-TTg"
    "ND": "NĐ",
    "HDND": "HĐND",
    "DU": "ĐU",
    "BCD": "BCĐ",
    "TTG": "TTg",
    "TTR": "TTr",
    "CTR": "CTr",
    "DHDCD": "ĐHĐCĐ",
    "CD": "CĐ",
    "BNV": "BNV",
    "VPCP": "VPCP",
}

#: long issuer names -> the short form used in the JSON (compared on skeletons)
ISSUER_ABBREVIATIONS: dict[str, str] = {
    "uy ban nhan dan": "UBND",
    "hoi dong nhan dan": "HĐND",
    "mat tran to quoc": "MTTQ",
}

#: issuing bodies cited often enough to name exactly, keyed by skeleton, so that a
#: stray tone the restorer left ("Chính phú") is written the one right way
KNOWN_ISSUERS: tuple[str, ...] = (
    "Chính phủ", "Thủ tướng Chính phủ", "Văn phòng Chính phủ", "Quốc hội", "Ủy ban Thường vụ Quốc hội",
    "Bộ Chính trị", "Ban Bí thư", "Ban Chấp hành Trung ương", "Tỉnh ủy", "Thành ủy", "Huyện ủy",
    "HĐND tỉnh", "UBND tỉnh", "Chủ tịch UBND tỉnh", "HĐND thành phố", "UBND thành phố", "Chủ tịch UBND thành phố",
    "HĐND huyện", "UBND huyện", "Ngân hàng Nhà nước Việt Nam",
    "Bộ Thông tin và Truyền thông", "Bộ Kế hoạch và Đầu tư", "Bộ Tài chính", "Bộ Nội vụ", "Bộ Tư pháp",
    "Bộ Giáo dục và Đào tạo", "Bộ Y tế", "Bộ Công an", "Bộ Quốc phòng", "Bộ Ngoại giao", "Bộ Công Thương",
    "Bộ Khoa học và Công nghệ", "Bộ Tài nguyên và Môi trường", "Bộ Nông nghiệp và Phát triển nông thôn",
    "Bộ Giao thông vận tải", "Bộ Xây dựng", "Bộ Lao động - Thương binh và Xã hội", "Bộ Văn hóa, Thể thao và Du lịch",
    "Sở Thông tin và Truyền thông", "Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Sở Nội vụ", "Sở Giáo dục và Đào tạo",
)

#: administrative levels that precede a place name in an issuer
PLACE_LEVELS: dict[str, str] = {
    "thanh pho": "thành phố",
    "tinh": "tỉnh",
    "huyen": "huyện",
    "thi xa": "thị xã",
    "quan": "quận",
    "xa": "xã",
    "phuong": "phường",
}

#: words after a citation's issuer that start its title ("... của Chính phủ về ...")
TITLE_STARTERS: tuple[str, ...] = (
    "ve",
    "ban hanh",
    "phe duyet",
    "quy dinh",
    "huong dan",
    "thong qua",
    "trien khai",
    "thanh lap",
    "sua doi",
    "bo sung",
    "giao",
    "tang cuong",
    "day manh",
    "thuc hien",
    "de nghi",
)

#: headings or phrases that introduce quantitative targets
TARGET_CUES: tuple[str, ...] = (
    "muc tieu",
    "chi tieu",
    "phan dau",
    "dinh huong den",
    "den nam",
)

#: phrases that mark a statement about what was already achieved
FACT_CUES: tuple[str, ...] = (
    "xep hang",
    "dung thu",
    "xep thu",
    "da dat",
    "dat duoc",
    "hien nay",
    "hien co",
    "tinh den (?:nay|het|thoi diem|ngay)",
    "nam qua",
    r"dat(?: ty le| muc)? \d+",
    r"chiem(?: ty le| ty trong)? \d+",
)

#: units a target or fact value may carry, skeleton -> written form
VALUE_UNITS: dict[str, str] = {
    "%": "%",
    "diem": "điểm",
    "bac": "bậc",
    "hang": "hạng",
}

#: budget: phrases that introduce the total, in skeleton form
BUDGET_TOTAL_CUES: tuple[str, ...] = (
    "tong kinh phi",
    "tong von",
    "tong muc dau tu",
    "tong nhu cau von",
    "tong nguon von",
    "tong du toan",
    "tong cong",
)

#: headings that open a budget section
BUDGET_HEADING_CUES: tuple[str, ...] = ("kinh phi", "nguon von", "von dau tu", "du toan", "tong muc dau tu")

#: money units in skeleton form -> multiplier in đồng
MONEY_UNITS: dict[str, int] = {
    "nghin ty": 10**12,
    "ngan ty": 10**12,
    "ty": 10**9,
    "ti": 10**9,
    "trieu": 10**6,
    "nghin": 10**3,
    "ngan": 10**3,
    "dong": 1,
}

#: number words (skeleton) -> digit; "linh"/"lẻ" hold an empty tens place, "lăm"/"nhăm" = 5, "tư" = 4
DIGIT_WORDS: dict[str, int] = {
    "khong": 0,
    "linh": 0,
    "le": 0,
    "mot": 1,
    "hai": 2,
    "ba": 3,
    "bon": 4,
    "tu": 4,
    "nam": 5,
    "lam": 5,
    "nham": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
}

#: the words that multiply the group before them
SCALE_WORDS: dict[str, int] = {
    "muoi": 10,
    "tram": 100,
    "nghin": 1000,
    "ngan": 1000,
    "trieu": 10**6,
    "ty": 10**9,
    "ti": 10**9,
}

#: words allowed around an amount in words without changing its value
NUMBER_FILLER: frozenset[str] = frozenset({"dong", "chan", "bang", "chu", "vnd"})

#: document types of a whole document when its header shows no type line
NEWS_CUES: tuple[str, ...] = ("post date", "ngay dang", "cap nhat", "tin bai", "luot xem")
