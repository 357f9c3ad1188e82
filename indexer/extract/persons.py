"""Person names with the roles written around them.

A name is a run of capitalised syllables that either starts with a Vietnamese surname or
follows a person cue ("đồng chí", "ông", an office title). Runs that sit after a place or
organisation word ("đường", "Trường THPT", "tư tưởng") are not persons.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from indexer.extract.roles import ROLE_ALTERNATIVES, names_foreign_office, role_after, role_before
from indexer.text.normalize import LOWER_LETTERS, UPPER_LETTERS, normalize_text

SURNAMES = frozenset(
    [
        "Nguyễn",
        "Trần",
        "Lê",
        "Phạm",
        "Hoàng",
        "Huỳnh",
        "Phan",
        "Vũ",
        "Võ",
        "Đặng",
        "Bùi",
        "Đỗ",
        "Hồ",
        "Ngô",
        "Dương",
        "Lý",
        "Lâm",
        "Đinh",
        "Đào",
        "Trịnh",
        "Trương",
        "Đoàn",
        "Hà",
        "Mai",
        "Lương",
        "Lưu",
        "Cao",
        "Châu",
        "Tạ",
        "Triệu",
        "Vương",
        "Phùng",
        "Nghiêm",
        "Quách",
        "Thái",
        "Tô",
        "Từ",
        "Chu",
        "Tôn",
        "Kiều",
        "Lại",
        "Khúc",
        "Nông",
        "Lò",
        "Giàng",
        "Sùng",
        "Đàm",
        "Hứa",
        "Tăng",
        "La",
        "Kim",
        "Thạch",
        "Diệp",
        "Mạc",
        "Doãn",
        "Khổng",
        "Vi",
        "Mạch",
        "Ninh",
        "Âu",
        "Bạch",
        "Biện",
        "Cù",
        "Cấn",
        "Cung",
        "Giáp",
        "Hầu",
        "Khương",
        "Khuất",
        "Lã",
        "Lạc",
        "Lục",
        "Mẫn",
        "Nhữ",
        "Phí",
        "Quản",
        "Tiêu",
        "Trình",
        "Tống",
        "Ưng",
        "Ksor",
        "Rơ",
        "Niê",
        "Hoa",
        "Lữ",
        "Thân",
        "Lộc",
        "Hán",
        "Đồng",
        "Đậu",
        "Đào",
        "Thiều",
        "Hàn",
        "Bế",
        "Hoàng",
        "Sầm",
        "Lăng",
        "Nhâm",
        "Ngọ",
        "Mông",
        "Âu",
        "Vòng",
        "Vàng",
        "Thào",
        "Sình",
        "Mùa",
        "Hờ",
        "Lầu",
        "Sòng",
        "Tẩn",
        "Chảo",
        "Phàn",
        "Bàn",
        "Lường",
        "Quàng",
        "Lèo",
        "Hà",
        "Cầm",
        "Khà",
        "Hoàng",
        "Điểu",
        "K'",
        "Tráng",
        "Hạng",
        "Sồng",
        "Thỏa",
        "Vừ",
        "Chang",
        "Lý",
        "Cư",
        "Ma",
        "Mùa",
        "Pờ",
        "Sử",
        "Giàng",
        "Hờ",
        "Lù",
        "Tòng",
        "Nùng",
        "Leo",
        "Uông",
        "Y",
        "Siu",
        "Kpă",
        "Rah",
        "Ngũ",
        "Ngụy",
        "Chế",
    ]
)
# Words that start an organisation, place or other non-person run.
NON_NAME_WORDS = frozenset(
    [
        "Nha",
        "Ngành",
        "Đảng",
        "Thành",
        "Tỉnh",
        "Huyện",
        "Quận",
        "Xã",
        "Phường",
        "Ủy",
        "Ban",
        "Bộ",
        "Sở",
        "Hội",
        "Đoàn",
        "Chi",
        "Trường",
        "Công",
        "Nhà",
        "Viện",
        "Cục",
        "Vụ",
        "Tổng",
        "Phòng",
        "Trung",
        "Quốc",
        "Việt",
        "Nam",
        "Mặt",
        "Liên",
        "Cộng",
        "Nhân",
        "Dân",
        "Chính",
        "Đại",
        "Khoa",
        "Giáo",
        "Kinh",
        "Thông",
        "Tin",
        "Báo",
        "Đài",
        "Truyền",
        "Tạp",
        "Học",
        "Ngân",
        "Kho",
        "Bệnh",
        "Sông",
        "Núi",
        "Hồ",
        "Biển",
        "Cầu",
        "Chợ",
        "Đường",
        "Phố",
        "Quảng",
        "Lăng",
        "Bảo",
        "Giải",
        "Huân",
        "Huy",
        "Cờ",
        "Nghị",
        "Chỉ",
        "Quyết",
        "Kế",
        "Thông",
        "Luật",
        "Hiến",
        "Tết",
        "Lễ",
        "Ngày",
        "Tháng",
        "Năm",
        "Thứ",
        "Sáng",
        "Chiều",
        "Tối",
        "Tuần",
        "Quý",
        "Đội",
        "Tiểu",
        "Trạm",
        "Ga",
        "Cảng",
        "Khu",
        "Cụm",
        "Điểm",
        "Thôn",
        "Bon",
        "Buôn",
        "Ấp",
        "Tổ",
        "Khối",
    ]
)
# Words that never stand inside a person's name, only inside an organisation's.
INNER_STOP_WORDS = frozenset(
    [
        "Đảng",
        "Ủy",
        "Ban",
        "Bộ",
        "Sở",
        "Hội",
        "Xã",
        "Huyện",
        "Tỉnh",
        "Quận",
        "Phường",
        "Trường",
        "Viện",
        "Cục",
        "Phòng",
        "Đội",
        "Thôn",
        "Tổ",
        "Khu",
        "Khối",
        "Đoàn",
        "Chi",
        "Nghị",
        "Quyết",
        "Chỉ",
        "Luật",
        "Ngày",
        "Tháng",
        "Năm",
        "Sáng",
        "Chiều",
        "Tối",
        "Tổng",
        "Nhà",
        "Đài",
        "Báo",
    ]
)
# Words of INNER_STOP_WORDS that are also given names: they end a name ("Nguyễn Đình Trường -").
GIVEN_NAME_STOP_WORDS = frozenset(["Trường", "Hội", "Chi", "Năm"])
# Openings of organisation names that start with a surname-like word.
NOT_PERSON_OPENINGS = re.compile(
    r"(?:Đoàn (?:Thanh niên|Kiểm tra|Giám sát|Công tác|Đại biểu|Luật sư|Thể thao|Thanh tra)|"
    r"Cao (?:Đẳng|đẳng)|Lâm (?:Nghiệp|nghiệp)|Hà Nội|Kim (?:Ngạch|ngạch))",
)
PLACE_NAMES = frozenset(
    [
        "Hà Nội",
        "Hà Giang",
        "Hà Tĩnh",
        "Hà Nam",
        "Hà Đông",
        "Lâm Đồng",
        "Cao Bằng",
        "Lạng Sơn",
        "Lào Cai",
        "Yên Bái",
        "\n    Thái Nguyên",
        "Thái Bình",
        "Bắc Giang",
        "Bắc Ninh",
        "Bắc Kạn",
        "Hải Phòng",
        "Hải Dương",
        "Hưng Yên",
        "Nam Định",
        "\n    Ninh Bình",
        "Thanh Hóa",
        "Nghệ An",
        "Quảng Bình",
        "Quảng Trị",
        "Thừa Thiên Huế",
        "Đà Nẵng",
        "Quảng Nam",
        "\n    Quảng Ngãi",
        "Bình Định",
        "Phú Yên",
        "Khánh Hòa",
        "Ninh Thuận",
        "Bình Thuận",
        "Kon Tum",
        "Gia Lai",
        "Đắk Lắk",
        "\n    Đắk Nông",
        "Đăk Nông",
        "Bình Phước",
        "Tây Ninh",
        "Bình Dương",
        "Đồng Nai",
        "Long An",
        "Tiền Giang",
        "Bến Tre",
        "\n    Trà Vinh",
        "Vĩnh Long",
        "Đồng Tháp",
        "An Giang",
        "Kiên Giang",
        "Cần Thơ",
        "Hậu Giang",
        "Sóc Trăng",
        "Bạc Liêu",
        "\n    Cà Mau",
        "Điện Biên",
        "Lai Châu",
        "Sơn La",
        "Hòa Bình",
        "Phú Thọ",
        "Vĩnh Phúc",
        "Tuyên Quang",
        "Quảng Ninh",
        "\n    Hồ Chí Minh",
        "Đắk Mil",
        "Đắk Song",
        "Đắk Glong",
        "Đắk R'Lấp",
        "Krông Nô",
        "Tuy Đức",
        "Gia Nghĩa",
        "Lào",
        "\n    Trường Sa",
        "Hoàng Sa",
        "Đông Nam Á",
        "Cư Jút",
        "Đông Dương",
        "Tây Nguyên",
        "Bà Rịa",
        "Vũng Tàu",
        "Phú Quốc",
        "\n    Hoàng Mai",
        "Ba Đình",
        "Hoàn Kiếm",
        "Đống Đa",
        "Cầu Giấy",
        "Tây Hồ",
        "Long Biên",
        "Thanh Xuân",
        "Hà Tây",
        "\n    Lý Sơn",
        "Côn Đảo",
        "Bến Nghé",
        "Phú Nhuận",
        "Tân Bình",
        "Bình Thạnh",
        "Gò Vấp",
        "Thủ Đức",
        "Quy Nhơn",
        "\n    Nha Trang",
        "Đà Lạt",
        "Buôn Ma Thuột",
        "Pleiku",
        "Vinh",
        "Huế",
        "Mỹ Tho",
        "Long Xuyên",
        "Rạch Giá",
        "Cao Lãnh",
        "\n    Châu Âu",
        "Châu Á",
        "Châu Phi",
        "Châu Mỹ",
        "Châu Úc",
        "Thái Lan",
        "Ấn Độ",
        "Trung Quốc",
        "Hàn Quốc",
        "Nhật Bản",
        "\n    Hoa Kỳ",
        "Triều Tiên",
        "Đài Loan",
        "Hồng Kông",
        "Ma Cao",
        "La Habana",
        "Cù Lao Xanh",
        "Hòn Khô",
        "An Lão",
        "\n    Lào",
        "Cuba",
        "Campuchia",
        "Nga",
        "Mỹ",
        "Pháp",
        "Đức",
        "Anh",
        "Úc",
        "Singapore",
        "Malaysia",
        "Indonesia",
        "Philippines",
        "\n    Myanmar",
        "Brunei",
        "Canada",
        "Italy",
        "Ý",
        "Tây Ban Nha",
        "Bồ Đào Nha",
        "Hà Lan",
        "Thụy Điển",
        "Thụy Sĩ",
        "\n    Ba Lan",
        "Séc",
        "Hungary",
        "Bungari",
        "Ucraina",
        "Israel",
        "Ai Cập",
        "Nam Phi",
        "Mông Cổ",
        "Liên Xô",
        "Liên Bang Nga",
        "Việt Nam",
        "Trung Hoa",
        "Ma Rốc",
        "Thái Bình Dương",
        "Ấn Độ Dương",
        "Đại Tây Dương",
        "Bắc Kinh",
        "Viêng Chăn",
        "Hồ Tây",
        "Sầm Sơn",
        "Cù Lao Chàm",
    ]
)
PLACE_NAMES = frozenset(name.strip() for name in PLACE_NAMES)
# Words that open sentences or phrases and are never a first name.
COMMON_OPENERS = frozenset(
    [
        "Theo",
        "Tại",
        "Trong",
        "Với",
        "Về",
        "Sau",
        "Khi",
        "Các",
        "Những",
        "Đây",
        "Đó",
        "Này",
        "Phó",
        "Thủ",
        "Tân",
        "Cựu",
        "Nguyên",
        "Ngoài",
        "Cùng",
        "Do",
        "Vì",
        "Nếu",
        "Để",
        "Từ",
        "Đến",
        "Qua",
        "Trước",
        "Hiện",
        "Dự",
        "Tham",
        "Ngay",
        "Tiếp",
        "Đồng",
        "Ông",
        "Bà",
        "Anh",
        "Chị",
        "Kết",
        "Xem",
        "Ảnh",
        "Tin",
        "Bài",
        "Nguồn",
        "Số",
        "Điều",
        "Mục",
        "Chương",
        "Phần",
        "Khoản",
        "Quý",
        "Kỳ",
        "Đợt",
        "Lần",
        "Vùng",
        "Miền",
        "Hòn",
        "Đèo",
        "Bến",
    ]
)
# Words that open place names of the Central Highlands ("Đắk Mil", "Ea Súp", "Plei Ku"): a run
# holding one after its first word is a place, not a person.
PLACE_SYLLABLES = frozenset(["Đắk", "Đăk", "Đak", "Dak", "Ea", "Plei"])
# Persons whose name is also a place's: a person only after a title ("Chủ tịch Hồ Chí Minh").
PERSONS_NAMED_LIKE_PLACES = frozenset({"Hồ Chí Minh"})
# Leaders and writers known by a revolutionary or pen name that opens with a common word
# rather than a surname: persons wherever the text names them, except as the name of a
# street, a school or another place ("đường Trường Chinh").
KNOWN_PERSONS = frozenset(
    [
        "Trường Chinh",
        "Sóng Hồng",
        "Tố Hữu",
        "Xuân Thủy",
        "Song Hào",
        "Văn Tiến Dũng",
        "Thép Mới",
        "Xuân Diệu",
        "Huy Cận",
        "Nam Cao",
        "Xuân Quỳnh",
        "Thu Bồn",
        "Hoài Thanh",
        "N'Trang Lơng",
        "Nơ Trang Lơng",
    ]
)
_KNOWN_PERSON = re.compile(
    r"(?<![\w'])(?:"
    + "|".join(sorted(map(re.escape, KNOWN_PERSONS), key=len, reverse=True))
    + r")(?![\w'])"
)
# Heavenly stems and earthly branches: "Đinh Dậu" is a year, not a person.
_CAN = ["Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý"]
_CHI = [
    "Tý",
    "Sửu",
    "Dần",
    "Mão",
    "Mẹo",
    "Thìn",
    "Tỵ",
    "Tị",
    "Ngọ",
    "Mùi",
    "Thân",
    "Dậu",
    "Tuất",
    "Hợi",
]
YEAR_NAMES = frozenset(f"{c} {h}" for c in _CAN for h in _CHI)
# Words before a run that make it a place, a street, a school or an idea, not a person.
PLACE_CUES = re.compile(
    r"(?<!\w)(?:số \d+\w?|\d+[a-z]?(?:/\d+)?|thành phố|tp\.?|tỉnh|huyện|quận|xã|phường|thị xã|thị trấn|thôn|ấp|bon|buôn|tổ dân phố|"
    r"đường|phố đi bộ|phố|ngõ|hẻm|quảng trường|cầu|chợ|sông|núi|đèo|trường(?: \w+){0,2}|thpt|thcs|"
    r"tiểu học|mầm non|đại học|học viện|bệnh viện|tư tưởng|đạo đức|phong cách|tấm gương|"
    r"lăng|bảo tàng|khu di tích|di tích|giải thưởng|giải|huân chương|cộng sản|mang tên|"
    r"công ty|tập đoàn|nhà máy|cơ sở|doanh nghiệp|khách sạn|nhà hàng|tàu|sân bay|"
    r"tại|ở|về|đến|vùng|miền|khu|cụm|tuyến|dự án|chung cư|đội|bến|cảng|nhà văn hóa|"
    r"nhà hát|rạp|vườn quốc gia|hồ|hồ chứa|đập|thủy điện|suối|thác|cầu vượt|nút giao|bến xe|bãi tắm|bãi biển|sân vận động|"
    r"mn|mg|mẫu giáo|nhóm trẻ|lớp|"
    r"(?:công ty|cty|doanh nghiệp)(?: cổ phần| tnhh| tư nhân| trách nhiệm hữu hạn)(?: \w+)?)\s*$",
    re.I,
)
# Words before a run that name a school, a street, a firm or an administrative unit after it:
# a name written so anywhere in an article is that unit's name there, not a person, unless a
# title or an address ("ông", "đồng chí") makes it one elsewhere ("Trường Mầm non Hoa Hồng
# Nhỏ … các cháu Hoa Hồng Nhỏ").
ORGANISATION_CUES = re.compile(
    r"(?<!\w)(?:trường(?: \w+){0,2}|thpt|thcs|tiểu học|mầm non|mẫu giáo|mn|mg|nhóm trẻ|lớp|"
    r"đường|phố|(?:công ty|cty)(?: cp| cổ phần| tnhh)?|doanh nghiệp|tập đoàn|hợp tác xã|htx|"
    r"xã|phường|thôn|bon|buôn|"
    r"ấp|quận|huyện|thị trấn|thị xã|thành phố|tp\.?|mang tên)\s*$",
    re.I,
)
_CUE_ALTERNATIVES = (
    r"đồng chí|đ/c|các đồng chí|ông|bà|anh|chị|cụ|em|cháu|ngài|gs|pgs|ts|ths|tskh|bs|ks|ls|"
    r"nsnd|nsưt|ngnd|ngưt|nhà báo|nhà thơ|nhà văn|nghệ s[ĩỹ]|họa s[ĩỹ]|nhạc s[ĩỹ]|đạo diễn|tác giả|"
    r"(?:đại|thượng|trung|thiếu) (?:tướng|tá|úy)|hòa thượng|thượng tọa|linh mục|"
    r"tổng bí thư|chủ tịch(?: nước)?|thủ tướng|tổng thống|bí thư|phó bí thư|bộ trưởng|"
    r"thứ trưởng|giám đốc|phó giám đốc|trưởng ban|phó trưởng ban|trưởng phòng|phó trưởng phòng|"
    r"chánh án|chánh thanh tra|viện trưởng|chủ nhiệm|phó chủ nhiệm|đại sứ|đại biểu|"
    r"phó chủ tịch|ủy viên|người phát ngôn|phát ngôn viên|hiệu trưởng|thư ký|tổng giám đốc|"
    r"trưởng đoàn|chỉ huy trưởng|chính ủy|tư lệnh|tổng thư ký|trưởng công an|kiểm sát viên|"
    r"thẩm phán|luật sư|tiến s[ĩỹ]|giáo sư|phó giáo sư|thạc s[ĩỹ]|bác s[ĩỹ]|kỹ sư|ca s[ĩỹ]|vận động viên|"
    r"hlv|huấn luyện viên|cầu thủ|vợ|chồng|con|mẹ|cha|bố|liệt s[ĩỹ]|mẹ việt nam anh hùng|nghệ nhân|già làng|tân binh|nghệ s[ĩỹ] nhân dân|nhà sử học|"
    r"nhà nghiên cứu|cử tri|bị cáo|đối tượng|hòa thượng|thượng tọa|đại đức|ni sư"
)
PERSON_CUES = re.compile(rf"(?<!\w)(?:{_CUE_ALTERNATIVES})[\s.:,]*$", re.I)
_ROLE_ALTERNATIVES = ROLE_ALTERNATIVES
ROLE_WORDS = re.compile(rf"^(?:nguyên |tân )?(?:{_ROLE_ALTERNATIVES})\b", re.I)
_SYLLABLE = r"(?:[A-ZĐÀ-Ỹ][a-zđà-ỹ']*|H'[A-ZĐ][a-zđà-ỹ]+|K'[A-ZĐ][a-zđà-ỹ]+)"
_LETTER_UPPER = UPPER_LETTERS
_LETTER_LOWER = LOWER_LETTERS
CAPITALISED_RUN = re.compile(
    rf"(?<![\w'])(?:[{_LETTER_UPPER}][{_LETTER_LOWER}']*(?:-[{_LETTER_UPPER}]?[{_LETTER_LOWER}]+)*"
    rf"|[HK]'[{_LETTER_UPPER}][{_LETTER_LOWER}]+)"
    rf"(?:[ \u00a0]+(?:[{_LETTER_UPPER}][{_LETTER_LOWER}']*(?:-[{_LETTER_UPPER}]?[{_LETTER_LOWER}]+)*"
    rf"|[HK]'[{_LETTER_UPPER}][{_LETTER_LOWER}]+))*(?![\w'])"
)
# A photo credit's name stops before a title in capitals ("Ảnh: Hồng Vĩnh NSND Lê Văn Thi").
_PHOTO_CREDIT = re.compile(
    r"\((?i:ảnh|nguồn|video|clip)\s*:[^)]*\)"
    r"|(?i:ảnh|nguồn)\s*:\s*(?:(?![A-ZĐ]{2,}\b(?!/))[A-ZĐ][\w.'-]*(?:/[\w.]+)?\s?){1,4}(?:\([^)]*\))?"
)
# Two-syllable words whose first syllable, capitalised at the end of a run, is not part of the
# name: a role or verb that follows a name when a sentence lost its full stop or a role was
# written with a capital ("Trần Thanh Nam Kết luận", "Đoàn Chủ tịch", "Võ Công Trí Phó Bí thư").
COMMON_COMPOUNDS = frozenset(
    [
        "bí thư",
        "chủ tịch",
        "chủ nhiệm",
        "chủ trì",
        "chủ tọa",
        "chỉ đạo",
        "chỉ huy",
        "thủ tướng",
        "thủ trưởng",
        "giám đốc",
        "ủy viên",
        "thư ký",
        "trưởng ban",
        "chánh án",
        "tác giả",
        "soạn giả",
        "kết luận",
        "chia sẻ",
        "phát biểu",
        "cho biết",
        "nhấn mạnh",
        "khẳng định",
        "trao đổi",
        "tham dự",
        "đề nghị",
        "yêu cầu",
        "báo cáo",
        "thay mặt",
        "đất nước",
        "nông nghiệp",
        "lâm nghiệp",
        "ngư nghiệp",
        "công nghiệp",
        "anh hùng",
        "hội nghị",
        "sau đó",
        "tiếp đó",
        "bên cạnh",
        "đồng thời",
        "hoàn thành",
        "lưu ý",
        "đặc biệt",
        "hiện nay",
        "đoàn kết",
    ]
)


def _plain_phrases(alternatives: str) -> list[str]:
    """The phrases of a regex alternation, without optional groups, with every one-letter
    class spelt out: "nhạc s[ĩỹ]" gives "nhạc sĩ" and "nhạc sỹ"."""
    phrases = []
    for phrase in re.sub(r"\([^)]*\)\??\s?", "", alternatives).lower().split("|"):
        variants = [phrase]
        while any("[" in v for v in variants):
            variants = [
                v[: v.index("[")] + letter + v[v.index("]") + 1 :]
                for v in variants
                for letter in v[v.index("[") + 1 : v.index("]")]
            ]
        phrases.extend(variants)
    return phrases


# The first two syllables of every title and role ("thứ trưởng", "nhà báo") join them.
COMMON_COMPOUNDS = COMMON_COMPOUNDS | frozenset(
    " ".join(phrase.split()[:2])
    for phrase in _plain_phrases(_CUE_ALTERNATIVES + "|" + _ROLE_ALTERNATIVES)
    if len(phrase.split()) >= 2
)
# Words that can open a title or a role, to skip runs that cannot start with one.
_CUE_FIRST_WORDS = frozenset(
    phrase.split()[0]
    for phrase in _plain_phrases(
        _CUE_ALTERNATIVES + "|" + _ROLE_ALTERNATIVES + "|đại|thượng|trung|thiếu"
    )
    if phrase.strip()
)
# Capitalised words that end no name: a run is cut before them.
TRAILING_ROLE_WORDS = frozenset(["Phó", "Tổng", "Trưởng", "Ban", "Quỹ"])
# Words that open a sentence or a phrase and are never a syllable of a name: a run that holds
# one spans a sentence boundary the text lost ("Quỳnh Lưu Trong năm 2016"), so it is cut there.
BREAK_WORDS = frozenset(
    [
        "Trong",
        "Theo",
        "Tại",
        "Cũng",
        "Khi",
        "Sau",
        "Các",
        "Những",
        "Với",
        "Về",
        "Để",
        "Nếu",
        "Vì",
        "Do",
        "Đây",
        "Đó",
        "Này",
        "Ngoài",
        "Cùng",
        "Trước",
        "Ngay",
        "Xem",
        "Ảnh",
        "Nguồn",
        "Nhưng",
        "Còn",
        "Riêng",
    ]
)
# Words that follow "Y" when it is medicine, not the Ê Đê men's name prefix ("Sở Y Tế").
_Y_NOT_A_NAME = frozenset(["Tế", "Khoa", "Dược", "Học", "Sĩ", "Sỹ", "Bác", "Đức"])
# A mention inside the name of an anniversary or movement ("kỷ niệm 50 năm thực hiện Di chúc
# của Chủ tịch Hồ Chí Minh", "chiến dịch Hồ Chí Minh") is not a mention of the person.
_EVENT_CUES = re.compile(
    r"(?:k[ỷỉ] niệm[^.;:!?()\n]{0,40}?(?:ngày sinh|ngày mất|ngày giỗ|sinh nhật|di chúc|ngày về)"
    r"|chiến dịch|khởi nghĩa|phong trào|quốc lộ|đường mòn|làm theo|noi gương|học tập và làm theo[^.;!?\n]{0,60}?"
    r"|tư tưởng|công viên|khu tưởng niệm|khu di tích|di tích|tượng đài|bảo tàng|nhà lưu niệm|"
    r"quảng trường|lăng|đền thờ|giải thưởng|huân chương|mang tên)"
    r"(?: của)?(?: cố)?(?: (?:chủ tịch|tổng bí thư|đồng chí|bác|đại tướng|người))?\s*$",
    re.I,
)
# Plural and distributive words before a run make it a common noun ("các Đoàn", "mỗi Hội").
_DETERMINER = re.compile(r"(?<!\w)(?:các|những|mọi|mỗi|từng)\s*$", re.I)
# Kinship words: a cue for a surname-led name, but before a bare given name they do not make
# a full name ("anh Duy Mạnh"), and they end common words ("công bố", "nhà con").
_WEAK_CUE = re.compile(r"bố|con|cha|mẹ|vợ|chồng|em|cháu|anh|chị|cụ")
# A cue after these is part of an organisation's name: "Văn phòng luật sư Thiên Ân".
_ORGANISATION_BEFORE_CUE = re.compile(
    r"(?<!\w)(?:văn phòng|công ty|hãng|đoàn|hội|chi hội|liên chi hội|câu lạc bộ)\s+$", re.I
)
# A name written right after a quotation, in brackets, is the quotation's author.
_QUOTE_ATTRIBUTION = re.compile(r"[”\"»]\s*\(\s*$")
_CAPITALISED_WORD_AT_END = re.compile(rf"(?<!\w)[{_LETTER_UPPER}]\w*[ \u00a0]+$")
# Where an item of a list of officials starts: "…; Souvone Leuangbounmy, Thứ trưởng …".
_LIST_ITEM_START = re.compile(r"(?:[;:]|^|\n)[\s\-–+•*]*$")
# A byline glued after a name: "Kim Anh/VOV.VN".
_AGENCY_AFTER = re.compile(r"\s*/\s*[A-ZĐ]")
# Cues that only make a place: a person list never continues after these.
_STREET_CUES = re.compile(r"(?<!\w)(?<!thành )(?:đường|phố|ngõ|hẻm|số \d+\w?,?)\s*$", re.I)
_LIST_GAP = re.compile(r"\s*(?:,|và)\s*")
_CUE_PHRASE = re.compile(rf"(?:{_CUE_ALTERNATIVES})", re.I)
_ROLE_PHRASE = re.compile(rf"(?:nguyên |tân )?(?:{_ROLE_ALTERNATIVES})", re.I)
_VOWEL = re.compile(
    "[aeiouyăâêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.I
)
_NAME_INITIAL = re.compile(r"[HK]['’]")


@dataclass
class Person:
    """A person named in an article, with the roles written beside the name."""

    name: str
    roles: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"name": self.name, "roles": list(self.roles)}


def _is_prefixed_name(syllable: str) -> bool:
    """K'Pa, H'Bình: a whole ethnic name in one written word."""
    return bool(_NAME_INITIAL.match(syllable)) and len(syllable) > 2


def _is_person_run(
    syllables: list[str], before: str, run_before: str = "", listed: bool = False
) -> bool:
    """Whether `syllables` name a person, given the text `before` them and, when the start of
    their run of capitalised words was dropped ("Thủ tướng Anh Tony Blair"), before the run.
    `listed` says the run is an item of a list of officials with its role after it."""
    name = " ".join(syllables)
    if any(s in PLACE_SYLLABLES for s in syllables[1:]):
        return False  # "Hồ Đăk Blao" is a lake
    has_cue, strong_cue = _cue_before(before)
    if run_before and not strong_cue:
        has_cue, strong_cue = _cue_before(run_before)
    strong_cue = strong_cue or listed
    if _EVENT_CUES.search(before):
        return False
    if name in PERSONS_NAMED_LIKE_PLACES and has_cue:
        return True
    if name in PLACE_NAMES or name in YEAR_NAMES or name.lower() in COMMON_COMPOUNDS:
        return False
    if syllables[0] in NON_NAME_WORDS and " ".join(syllables[1:]) in PLACE_NAMES:
        return False  # "Hồ Gia Nghĩa" is a lake, "Đoàn Việt Nam" a delegation
    if len(syllables) >= 4 and " ".join(syllables[-2:]) in PLACE_NAMES:
        return False  # an organisation's name ends with its region: "… Nông Lâm Nghiệp Tây Nguyên"
    if _DETERMINER.search(before):
        return False  # "các Đoàn Đặc nhiệm": a common noun in capitals, not a name
    if PLACE_CUES.search(before):
        if not _is_official_of_province(syllables, before):
            return False
        has_cue = True
    if syllables[0] in TRAILING_ROLE_WORDS or (
        # "Đồng", "Từ" open sentences and are surnames: after a title they are the surname
        syllables[0] in COMMON_OPENERS and not (syllables[0] in SURNAMES and strong_cue)
    ):
        return False
    if any(not _VOWEL.search(s) for s in syllables) or len(syllables[-1]) == 1:
        return False  # an initial ("Nguyễn Văn T.") or a place's letter ("Vĩnh Lộc A")
    if len(syllables) <= 3 and " ".join(syllables[:2]) in PLACE_NAMES:
        return False  # "Thái Bình Seed": a company named after its province
    if _is_prefixed_name(syllables[0]):
        return len(syllables) <= 3 and not any(s in INNER_STOP_WORDS for s in syllables)
    if syllables[0] == "Y" and (len(syllables) < 2 or syllables[1] in _Y_NOT_A_NAME):
        return False
    if syllables[0] in SURNAMES and len(syllables) >= 2:
        if any(s in INNER_STOP_WORDS and s not in SURNAMES for s in syllables[1:-1]) or (
            syllables[-1] in INNER_STOP_WORDS and syllables[-1] not in GIVEN_NAME_STOP_WORDS
        ):
            return False
        if len(syllables) == 2 and not has_cue and syllables[1] in NON_NAME_WORDS:
            return False
        return len(syllables) <= 5
    if strong_cue and 2 <= len(syllables) <= 5:
        return syllables[0] not in NON_NAME_WORDS and not any(
            s in INNER_STOP_WORDS for s in syllables
        )
    return False


def _cue_before(before: str) -> tuple[bool, bool]:
    """Whether a person cue ends `before`, and whether it is strong enough to make a run
    without a surname a name. Kinship words make bare given names ("anh Duy Mạnh"), and a
    cue inside a proper name ("Núi Bà", "Văn phòng luật sư") is no cue."""
    if _QUOTE_ATTRIBUTION.search(before):
        return True, True
    match = PERSON_CUES.search(before)
    if not match:
        return False, False
    head = before[: match.start()]
    cue = match.group(0).strip(" .:,")
    if " " not in cue and cue[0].isupper() and _CAPITALISED_WORD_AT_END.search(head):
        return False, False
    if _ORGANISATION_BEFORE_CUE.search(head):
        return False, False
    return True, not _WEAK_CUE.fullmatch(cue.lower())


def _is_official_of_province(syllables: list[str], before: str) -> bool:
    """ "Phó Chủ tịch UBND tỉnh Cao Huy": a surname-led run after a role and "tỉnh" is the
    official, since every province is a known place name."""
    return (
        (syllables[0] in SURNAMES and len(syllables) >= 2 or _is_prefixed_name(syllables[0]))
        and bool(re.search(r"(?<!\w)tỉnh\s*$", before))
        and bool(_ROLE_PHRASE.search(before))
    )


def _trim_run(syllables: list[str]) -> list[str]:
    """Drop words that open a run but are not the name ("Cuba Fidel Castro")."""
    for size in (3, 2, 1):
        if len(syllables) > size + 1 and " ".join(syllables[:size]) in PLACE_NAMES:
            return _trim_run(syllables[size:])
    for i in range(1, len(syllables) - 2):
        for size in (3, 2):
            if " ".join(syllables[i : i + size]) in PLACE_NAMES and len(syllables) - i - size >= 2:
                return _trim_run(syllables[i + size :])  # "Nông Lâm Lào Khămbun Xay"
    for i, syllable in enumerate(syllables):
        if (syllable in SURNAMES or _is_prefixed_name(syllable)) and (
            len(syllables) - i >= 2 or _is_prefixed_name(syllable)
        ):
            rest = syllables[i:]
            if not any(s in INNER_STOP_WORDS and s not in SURNAMES for s in rest[1:]):
                return _later_surname(rest)
    return syllables


def _later_surname(syllables: list[str]) -> list[str]:
    """ "Lộc Xuyên Đặng Quí Địch": in a run too long for one name, a surname from the third
    word on, with two words after it, starts the name (double surnames sit first and second:
    "Tôn Nữ Thị Ninh", "Lê Nguyễn Thị Ái Trâm")."""
    if len(syllables) < 5:
        return syllables
    for i in range(2, len(syllables) - 2):
        if syllables[i] in SURNAMES and syllables[i + 1] not in SURNAMES:
            return syllables[i:]
    return syllables


def _strip_cue(syllables: list[str]) -> tuple[list[str], bool]:
    """Take a capitalised title off the front of a run ("Mẹ", "Đồng Chí", "Nghệ Nhân")."""
    if len(syllables) < 2 or syllables[0].lower() not in _CUE_FIRST_WORDS:
        return syllables, False
    if any(" ".join(syllables[:size]) in PLACE_NAMES for size in (1, 2, 3)):
        return syllables, False  # "Bà Rịa", not "bà Rịa"
    for size in range(min(4, len(syllables) - 1), 0, -1):
        head = " ".join(syllables[:size])
        if _CUE_PHRASE.fullmatch(head) or _ROLE_PHRASE.fullmatch(head):
            return syllables[size:], True
    return syllables, False


def _cut_run(syllables: list[str], after: str) -> list[str]:
    """Cut a run where the name ends.

    The end is before a hyphen and a capital ("Quỳnh Trang-Trưởng phòng"), a sentence opener
    ("Quỳnh Lưu Trong năm"), a trailing role word, or a capitalised syllable that forms a role
    or verb with the lower-case word after it ("Trần Thanh Nam Kết luận"). A run that loses a
    sentence opener at its very end is dropped unless three syllables are left, since the
    opener may be a typo of a name ("Nguyễn Phú Trong").
    """
    for i, syllable in enumerate(syllables):
        head, hyphen, tail = syllable.partition("-")
        if i and hyphen and tail[:1].isupper() and not any("-" in s for s in syllables[:i]):
            return _cut_run(syllables[:i] + [head], "")
        if i and syllable in BREAK_WORDS:
            if i == len(syllables) - 1 and i < 3:
                return []
            return _cut_run(syllables[:i], "")
    following = re.match(r"[ \u00a0]+([^\W\d]+|\d)", after)
    glued = following and syllables and f"{syllables[-1].lower()} {following.group(1)}"
    if glued in COMMON_COMPOUNDS or (
        following and following.group(1).isdigit() and syllables[-1] in INNER_STOP_WORDS
    ):
        syllables = syllables[:-1]
    while len(syllables) > 1 and syllables[-1] in TRAILING_ROLE_WORDS:
        syllables = syllables[:-1]
    return syllables


def extract_persons(text: str) -> list[Person]:
    """All persons named in `text`, in order of first mention, with their roles.

    A name is taken whole from its run of capitalised words: the title in front of it
    ("Đồng Chí", "Mẹ") and the role or verb glued behind it ("Chủ tịch" in "Đoàn Chủ tịch")
    are cut off, and what is left must start with a known surname or an ethnic name prefix
    (or follow a person cue) and must not be a place, a year name, or part of the name of an
    organisation, an anniversary or a movement.
    """
    text = _PHOTO_CREDIT.sub(" ", normalize_text(text))
    mentions = _without_unit_names(text, sorted(_mentions(text) + _known_mentions(text)))
    counts = Counter(name for name, _, _ in mentions)
    found: dict[str, Person] = {}
    for i, (name, start, end) in enumerate(mentions):
        person = found.setdefault(name, Person(name))
        following = mentions[i + 1][1] if i + 1 < len(mentions) else None
        previous = mentions[i - 1][2] if i else 0
        after = role_after(text, end, following)
        if after and name.split()[0] in SURNAMES and names_foreign_office(after):
            after = None  # "… Chủ tịch Quốc hội Nguyễn Thị Kim Ngân, Chủ tịch Quốc hội Cuba …"
        for role in (after, role_before(text, start, previous)):
            if role and role.casefold() not in {r.casefold() for r in person.roles}:
                person.roles.append(role)
    return _drop_partial_names(list(found.values()), counts)


def _known_mentions(text: str) -> list[tuple[int, int, str]]:
    """Mentions of KNOWN_PERSONS, unless a place, a school, an event or an idea is named
    after them there ("đường Trường Chinh", "Trường THCS Tố Hữu")."""
    found = []
    for match in _KNOWN_PERSON.finditer(text):
        before = text[max(0, match.start() - 80) : match.start()]
        runs = list(CAPITALISED_RUN.finditer(before + match.group(0)))  # the run it ends
        glued = before[runs[-1].start() :] if runs and runs[-1].start() < len(before) else ""
        if PLACE_CUES.search(before) or _EVENT_CUES.search(before) or PLACE_CUES.search(glued):
            continue
        if glued and glued.split()[-1] in SURNAMES:
            continue  # the end of a longer name: "Nguyễn Xuân Thủy"
        found.append((match.start(), match.end(), match.group(0)))
    return found


def _without_unit_names(
    text: str, mentions: list[tuple[int, int, str]]
) -> list[tuple[str, int, int]]:
    """The mentions as (name, start, end), without names the article also gives a school,
    a street, a firm or a unit, unless a title or an address makes them a person somewhere."""
    units = {name for name, start in _unit_names(text)}
    addressed = {
        name
        for start, end, name in mentions
        if _cue_before(text[max(0, start - 80) : start])[1] or role_before(text, start)
    }
    spans = {(start, end): name for start, end, name in mentions}  # found twice: once
    return [
        (name, start, end)
        for (start, end), name in spans.items()
        if name not in units or name in addressed
    ]


def _unit_names(text: str) -> list[tuple[str, int]]:
    """Surname-led runs of two to four words written right after a unit word: "Trường
    Mầm non Hoa Hồng Nhỏ", "đường Lê Duẩn", "xã Quảng Tín"."""
    found = []
    for match in CAPITALISED_RUN.finditer(text):
        words = match.group(0).split()
        for i in range(len(words) - 1):
            name = words[i:]
            if name[0] not in SURNAMES or not 2 <= len(name) <= 4:
                continue
            start = match.start() + len(" ".join(words[:i])) + (1 if i else 0)
            if ORGANISATION_CUES.search(text[max(0, start - 40) : start]) and not role_before(
                text, start
            ):  # "Trưởng thôn Nguyễn Văn Trịnh" is a person with a title
                found.append((" ".join(name), start))
            break
    return found


def _mentions(text: str) -> list[tuple[int, int, str]]:
    """Every mention of a person in `text` found by its shape and context, in order:
    (start, end, name)."""
    words = _LowerCaseText(text)
    mentions: list[tuple[int, int, str]] = []
    place_list_end = -1
    for match in CAPITALISED_RUN.finditer(text):
        raw = match.group(0).split()
        stripped, cued = _strip_cue(raw)
        syllables = _cut_run(_trim_run(stripped), text[match.end() : match.end() + 30])
        if not _name_shaped(syllables):
            continue
        syllables = _cut_common_word(syllables, text[match.end() : match.end() + 30], words)
        if not syllables:
            continue
        start = match.start() + _offset(match.group(0), raw, stripped, syllables)
        end = start + len(" ".join(syllables))
        before = text[max(0, start - 80) : start]
        in_place_list = place_list_end >= 0 and _LIST_GAP.fullmatch(text, place_list_end, start)
        if in_place_list and syllables[0] in SURNAMES:
            place_list_end = end
            continue  # a list of streets or schools goes on: "đường Lý Tự Trọng, Nguyễn Du"
        place_list_end = -1
        if _STREET_CUES.search(before) and syllables[0] in SURNAMES:
            place_list_end = end
            continue
        if _AGENCY_AFTER.match(text, end):
            continue  # a byline: "Kim Anh/VOV.VN"
        if cued:  # the title taken off the run is the cue: "Mẹ", "Đồng Chí"
            before = f"{before} {' '.join(raw[: len(raw) - len(stripped)]).lower()} "
        run_before = (
            text[max(0, match.start() - 80) : match.start()] if start > match.start() else ""
        )
        if _looks_like_place(syllables, text, start, end, before, run_before, words):
            continue
        listed = bool(_LIST_ITEM_START.search(before)) and role_after(text, end) is not None
        if not _is_person_run(syllables, before, run_before, listed) or NOT_PERSON_OPENINGS.match(
            text, start
        ):
            continue
        mentions.append((start, end, " ".join(syllables)))
    return mentions


def _name_shaped(syllables: list[str]) -> bool:
    """A cheap first test, before any look at the context: one syllable is a name only with an
    ethnic prefix (K'Pa), and a run of two to five opens with neither an organisation word nor
    a sentence opener unless it opens with a surname."""
    if len(syllables) == 1:
        return _is_prefixed_name(syllables[0])
    if not 2 <= len(syllables) <= 5:
        return False
    first = syllables[0]
    return (
        first in SURNAMES
        or _is_prefixed_name(first)
        or (first not in NON_NAME_WORDS and first not in COMMON_OPENERS)
    )


class _LowerCaseText:
    """Whether a phrase is written in lower case, as whole words, in a document.

    The first few look-ups search the text; past that, every pair of adjacent lower-case
    words is collected once, so a page with thousands of candidates stays linear.
    """

    _SEARCHES = 32

    def __init__(self, text: str) -> None:
        self.text = text
        self.searches = 0
        self.pairs: frozenset[str] | None = None

    def __contains__(self, phrase: str) -> bool:
        if self.pairs is None and self.searches >= self._SEARCHES:
            self.pairs = _lowercase_word_pairs(self.text)
        if self.pairs is not None:
            return phrase in self.pairs
        self.searches += 1
        text, at = self.text, self.text.find(phrase)
        while at >= 0:
            end = at + len(phrase)
            if (at == 0 or not text[at - 1].isalnum()) and (
                end == len(text) or not text[end].isalnum()
            ):
                return True
            at = text.find(phrase, at + 1)
        return False


def _lowercase_word_pairs(text: str) -> frozenset[str]:
    """Every pair of adjacent lower-case words in `text` ("công an", "đào tạo")."""
    pairs = set()
    for chunk in _PHRASE_BREAK.split(text):
        tokens = chunk.split()
        pairs.update(
            f"{a} {b}"
            for a, b in zip(tokens, tokens[1:], strict=False)
            if a.islower() and b.islower()
        )
    return frozenset(pairs)


_PHRASE_BREAK = re.compile(r"[^\w \u00a0]+")


def _cut_common_word(syllables: list[str], after: str, words: _LowerCaseText) -> list[str]:
    """Use the document as its own dictionary: when the last capitalised syllable and the
    lower-case word after it are written in lower case elsewhere in the text ("công an",
    "đón nhận"), they are a word and the syllable is not part of the name. The cut is made
    only when three syllables are left; a two-word run that opens with an organisation word
    ("Đoàn Cấp cao", "Đoàn Tùy viên") is dropped instead."""
    following = re.match(r"[ \u00a0]+([^\W\d]+)", after)
    if not syllables or not following or not following.group(1).islower():
        return syllables
    word = f"{syllables[-1].lower()} {following.group(1)}"
    if word not in words:
        return syllables
    if len(syllables) > 3:
        return syllables[:-1]
    if len(syllables) == 2 and syllables[0] in NON_NAME_WORDS:
        return []
    return syllables


_RANKS = frozenset(["hạng nhất", "hạng nhì", "hạng ba", "hạng tư"])


def _looks_like_place(
    syllables: list[str],
    text: str,
    start: int,
    end: int,
    before: str,
    run_before: str,
    words: _LowerCaseText,
) -> bool:
    """Two-word runs that are places or common words, not names: written in lower case
    elsewhere ("Đào Tạo" beside "đào tạo"), the tail of a place after a place word ("xã Hoài
    Châu Bắc"), or a link in an address chain before a province ("Thụy Văn, Thái Thụy, Thái
    Bình")."""
    if len(syllables) != 2 or _cue_before(before)[1]:
        return False
    name = " ".join(syllables)
    if name.lower() in words:
        return True
    if re.match(r"\s+\d{4}(?!\d)", text[end : end + 8]) or name.lower() in _RANKS:
        return True  # a season or an event with its year ("Mùa Xuân 1975"), a rank ("Hạng Ba")
    if run_before and PLACE_CUES.search(run_before):
        return True
    gap = re.match(r"\s*,\s*", text[end : end + 10])
    if gap:
        following = CAPITALISED_RUN.match(text, end + gap.end())
        if following and following.group(0) in PLACE_NAMES:
            return True
    return False


def _offset(run: str, raw: list[str], stripped: list[str], kept: list[str]) -> int:
    """Where the kept syllables start inside the matched run."""
    skipped = len(raw) - len(stripped) + _index_of(stripped, kept)
    position = 0
    for _ in range(skipped):
        position = run.index(" ", position) + 1
        while run[position] in " \u00a0":
            position += 1
    return position


def _index_of(syllables: list[str], kept: list[str]) -> int:
    for i in range(len(syllables)):
        if syllables[i : i + len(kept)] == kept or (
            kept
            and syllables[i].startswith(kept[0])
            and syllables[i + 1 : i + len(kept)] == kept[1:]
        ):
            return i
    return 0


def _drop_partial_names(persons: list[Person], counts: Counter[str]) -> list[Person]:
    """Merge a shorter form of a name into the full one written in the same article: its
    given names alone ("Thu Loan" for "Trần Thị Thu Loan") or its first words ("Trương
    Thanh" for "Trương Thanh Tùng"), the roles going with it; a longer form that is the
    name glued to the next word goes into the shorter one instead (see `_glued_word`)."""
    merged: dict[str, str] = {}
    for person in persons:
        for other in persons:
            if _given_names_of(person.name, other.name):
                merged[person.name] = other.name
            elif _first_words_of(person.name, other.name):
                if _glued_word(person.name, other.name, counts):
                    merged[other.name] = person.name
                else:
                    merged[person.name] = other.name
            if person.name in merged:
                break
    by_name = {p.name: p for p in persons}
    for short, full in merged.items():
        while full in merged and merged[full] != short:
            full = merged[full]
        target = by_name[full]
        for role in by_name[short].roles:
            if role.casefold() not in {r.casefold() for r in target.roles}:
                target.roles.append(role)
    return [p for p in persons if p.name not in merged]


def _glued_word(short: str, full: str, counts: Counter[str]) -> bool:
    """`full` is the Vietnamese name `short` (three words or more) with the next word glued
    on, when it is written less often than `short`: "Trương Quang Khánh Huân[ chương]".
    A two-word start ("Trương Thanh") or a foreign name's start is the shorter form."""
    first = short.split()[0]
    return (
        len(short.split()) >= 3
        and len(full.split()) == len(short.split()) + 1
        and first in SURNAMES
        and counts[full] < counts[short]
    )


def _given_names_of(short: str, full: str) -> bool:
    """`short` is the end of the longer name `full` ("Thu Loan", "Trần Thị Thu Loan")."""
    words, whole = short.split(), full.split()
    return len(words) < len(whole) and whole[-len(words) :] == words


def _first_words_of(short: str, full: str) -> bool:
    """`short` is two or more first words of the longer name `full`."""
    words, whole = short.split(), full.split()
    return 2 <= len(words) < len(whole) and whole[: len(words)] == words
