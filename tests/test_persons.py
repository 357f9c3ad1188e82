import pytest

from indexer.extract.persons import extract_persons


def names(text):
    return [p.name for p in extract_persons(text)]


def test_name_with_role_after_a_dash():
    [person] = extract_persons(
        "+ Đồng chí Trần Thị Thu Loan – Phó Trưởng phòng Nghiệp vụ 2, Ủy ban kiểm tra Thành ủy."
    )
    assert person.name == "Trần Thị Thu Loan"
    assert person.roles == ["Phó Trưởng phòng Nghiệp vụ 2, Ủy ban kiểm tra Thành ủy"]


def test_lists_and_titles():
    assert names("các đồng chí: Lê Hồng Sơn, Nguyễn Văn Hiếu, Phạm Quang Huy.") == [
        "Lê Hồng Sơn",
        "Nguyễn Văn Hiếu",
        "Phạm Quang Huy",
    ]
    assert names("các đồng chí Lê Hồng Sơn, Nguyễn Văn Hiếu và Phạm Quang Huy") == [
        "Lê Hồng Sơn",
        "Nguyễn Văn Hiếu",
        "Phạm Quang Huy",
    ]
    assert names("PGS.TS. Nguyễn Văn Minh; Thượng tướng Trần Quang Phương; đ/c Võ Văn Thưởng") == [
        "Nguyễn Văn Minh",
        "Trần Quang Phương",
        "Võ Văn Thưởng",
    ]


def test_role_before_the_name():
    [person] = extract_persons("Phó Bí thư Thành ủy Nguyễn Thị Lệ phát biểu")
    assert person.name == "Nguyễn Thị Lệ" and person.roles == ["Phó Bí thư Thành ủy"]


@pytest.mark.parametrize(
    "text",
    [
        "Thành phố Hồ Chí Minh; đường Nguyễn Huệ",
        "Trường THPT Lê Quý Đôn tổ chức lễ khai giảng",
        "Đoàn Thanh niên phát động",
        "Hà Nội là thủ đô",
        "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "Địa chỉ: 169 Tống Duy Tân, phường Nghĩa Thành",
        "Tết Đinh Dậu",
        "tỉnh Lâm Đồng và Cao Bằng",
    ],
)
def test_places_schools_streets_and_ideas_are_not_persons(text):
    assert names(text) == []


def test_title_makes_a_place_like_name_a_person():
    assert names("như Chủ tịch Hồ Chí Minh hằng mong ước") == ["Hồ Chí Minh"]


def test_photo_credit_is_not_a_person_but_next_sentence_is():
    assert names("Ảnh: Thanh Lê Cùng chung quan điểm, ông Vương Quang Minh - Phó Chủ tịch") == [
        "Vương Quang Minh"
    ]


def test_partial_name_is_merged_into_the_full_one():
    assert names("Đồng chí Trần Thị Thu Loan phát biểu. Đồng chí Thu Loan nhấn mạnh") == [
        "Trần Thị Thu Loan"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a role word (or an organisation) before the name
        ("Phó Chủ tịch UBND tỉnh Phan Văn Bốn phát biểu.", ["Phan Văn Bốn"]),
        ("Bộ trưởng Bộ Công Thương Trần Minh Khoa ký quyết định.", ["Trần Minh Khoa"]),
        ("Phó Chủ tịch Quốc hội Uông Chu Lưu tiếp đoàn.", ["Uông Chu Lưu"]),
        ("ông Lê Văn Hùng Phó Bí thư Huyện ủy", ["Lê Văn Hùng"]),
        ("bà Đỗ Thị Mai Anh-Trưởng phòng Tổ chức cho biết", ["Đỗ Thị Mai Anh"]),
        # a name at the start of a sentence, and a sentence that lost its full stop
        ("Nguyễn Văn Bình cho biết xã đã hoàn thành kế hoạch.", ["Nguyễn Văn Bình"]),
        ("Thứ trưởng Trần Văn Nam Kết luận hội nghị, ông đề nghị", ["Trần Văn Nam"]),
        ("Kỷ luật Thứ trưởng Lê Văn An Thủ tướng vừa ký quyết định", ["Lê Văn An"]),
        ("Hội nghị ở huyện Quỳnh Lưu Trong năm nay", []),
        # role words and organisations are never persons
        ("Hội nghị Đoàn Chủ tịch Ủy ban Trung ương MTTQ Việt Nam", []),
        ("Trưởng Ban Chỉ đạo phòng, chống thiên tai làm việc", []),
        ("các Đoàn Đặc nhiệm số 1, 2 và các Đoàn Trinh sát", []),
        ("Viện Khoa học Kỹ thuật Nông Lâm Nghiệp Tây Nguyên giới thiệu", []),
        ("báo Đại Đoàn Kết Hiện nay đang", []),
        # Hồ Chí Minh as the name of a movement, an anniversary or a place
        ("kỷ niệm 50 năm thực hiện Di chúc của Chủ tịch Hồ Chí Minh", []),
        ("Kỉ niệm 130 năm ngày sinh Chủ tịch Hồ Chí Minh", []),
        ("chiến dịch Hồ Chí Minh và quốc lộ Hồ Chí Minh", []),
        ("khánh thành công viên Chủ tịch Hồ Chí Minh", []),
        ("Mẹ Việt Nam Anh hùng Nguyễn Thị Lựu được thăm hỏi", ["Nguyễn Thị Lựu"]),
        ("Mẹ Việt Nam Anh hùng được thăm hỏi", []),
        ("“Không có gì quý hơn độc lập, tự do” (Hồ Chí Minh).", ["Hồ Chí Minh"]),
        # a list of officials, each with a role after the name
        (
            "gồm: Somchai Phanvilay, Bộ trưởng Bộ Tài chính; Vilay Keomany, Thứ trưởng Bộ Y tế",
            ["Somchai Phanvilay", "Vilay Keomany"],
        ),
        ("Đoàn gồm: Hà Giang, Tuyên Quang; Lào Cai, Yên Bái", []),
        (
            "Phó Chủ tịch LĐLĐ Thành phố Hà Nội; Nguyễn Bá Lâm- Chánh văn phòng",
            ["Nguyễn Bá Lâm"],
        ),
        # three- and four-syllable names, taken whole
        ("Chủ tịch Quốc hội Nguyễn Thị Kim Ngân", ["Nguyễn Thị Kim Ngân"]),
        ("đồng chí Tôn Nữ Thị Ninh phát biểu", ["Tôn Nữ Thị Ninh"]),
        ("Trung tướng Đồng Văn Khải, Tư lệnh. Đồng thời, Từ Năm 2010", ["Đồng Văn Khải"]),
        ("Tổng thống Moon Jae-in đến thăm", ["Moon Jae-in"]),
        ("Thủ tướng Thái Lan Prayut Chan-o-cha chủ trì", ["Prayut Chan-o-cha"]),
        ("giải nhất thuộc về em Trần Đoàn Phương", ["Trần Đoàn Phương"]),
        ("mực nước đập Y Sơn và hồ Ea Tling", []),
        ("kết thúc tốt đẹp. Bài, ảnh: Chu Văn Khải (TTXVN)", []),
        # pen names after a title, both spellings of -sĩ/-sỹ
        ("nhạc sỹ Thuận Lan và nhạc sĩ Văn Hòa", ["Thuận Lan", "Văn Hòa"]),
        # rare surnames and ethnic name prefixes
        ("ông Ksor Phước làm việc tại tỉnh", ["Ksor Phước"]),
        ("Nghệ nhân Y Khuông ở bon Bu Dăr hát kể sử thi", ["Y Khuông"]),
        ("thanh niên K'Lâm ở thôn 3 và mẹ là bà H'Mai", ["K'Lâm", "H'Mai"]),
        ("Phó Chủ tịch HĐND tỉnh K'Điều tặng hoa", ["K'Điều"]),
        ("Sở Y Tế tỉnh kiểm tra", []),
        # initials, bylines glued to an agency, photo credits and streets are not persons
        ("ông Nguyễn Văn T. (45 tuổi) bị thương", []),
        ("Đội trưởng Lê Văn Hải cho biết./. Kim Thoa/VOV.VN", ["Lê Văn Hải"]),
        ("Ảnh: Minh Đức NSND Trần Văn Khải nhận giải thưởng", ["Trần Văn Khải"]),
        ("xe đỗ trên các đường Lý Tự Trọng, Nguyễn Du, Tôn Đức Thắng", []),
        ("khu du lịch bên Hồ Gia Nghĩa và tỉnh Bà Rịa Vũng Tàu", []),
        # cues that are no cue: kinship words before bare given names, a cue inside a name
        ("tài liệu đã được công bố, Tuổi Trẻ trân trọng giới thiệu", []),
        ("anh Duy Mạnh (34 tuổi) cho biết", []),
        ("chùa trên Núi Bà, Cát Hải đông khách", []),
        ("theo Văn phòng luật sư Thiên Ân", []),
        ("lời của Cựu Thủ tướng Anh Tony Blair khi bàn", ["Tony Blair"]),
        ("tác giả Hoa Sơn Phạm Văn Khôi đã sưu tầm", ["Phạm Văn Khôi"]),
        # places and common words that look like two-word names
        ("biểu diễn tại Nhà hát Hồ Gươm và Vườn quốc gia Bạch Mã", []),
        ("Bộ Giáo dục và Đào Tạo yêu cầu công tác đào tạo", []),
        ("phường Tam Quan Bắc và xã Hoài Châu Bắc", []),
        ("sinh tại Thụy Văn, Thái Thụy, Thái Bình", []),
        ("công an xã Vĩnh Lộc A", []),
        ("Công ty CP Tập đoàn Thái Bình Seed", []),
        ("đối tượng Đoàn Văn Lòn Công an tỉnh đã bắt. Lực lượng công an", ["Đoàn Văn Lòn"]),
        ("ông Trần Văn Bình thường xuyên đến. Việc đó bình thường", ["Trần Văn Bình"]),
        ("Chủ tịch UBND huyện Mỹ Đức Lê Văn Tâm phát biểu", ["Lê Văn Tâm"]),
        ("Mùa Xuân 1975, đơn vị tiến vào", []),
        ("trao Huân chương Lao động Hạng Ba cho công ty", []),
        ("thăm Công ty Trách nhiệm hữu hạn Hoa Mặt Trời", []),
        ("chính sách mới (ảnh: Hoàng Minh) Lương tăng", []),
    ],
)
def test_names_are_whole_names(text, expected):
    assert names(text) == expected


def test_nfd_input_gives_nfc_names():
    import unicodedata

    text = unicodedata.normalize("NFD", "Phó Chủ tịch Quốc hội Uông Chu Lưu phát biểu")
    assert names(text) == ["Uông Chu Lưu"]


def test_a_shorter_form_of_a_name_in_the_same_article_is_the_same_person():
    [person] = extract_persons(
        "Đồng chí Trương Thanh Tùng - Phó Chủ tịch UBND tỉnh dự hội nghị. Phát biểu tại hội "
        "nghị, đồng chí Trương Thanh nhấn mạnh vai trò của cấp ủy."
    )
    assert person.name == "Trương Thanh Tùng"
    assert person.roles == ["Phó Chủ tịch UBND tỉnh"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a name glued to the next word is the shorter name, written more often
        (
            "Nga tặng Thượng tướng Trương Quang Khánh Huân chương Hữu nghị. Thượng tướng Trương "
            "Quang Khánh, nguyên Thứ trưởng, cảm ơn. Thượng tướng Trương Quang Khánh phát biểu.",
            ["Trương Quang Khánh"],
        ),
        # a foreign name's first words are the name
        (
            "lời mời của Thượng tướng Leopoldo Cintra Frías, Bộ trưởng. Thượng tướng Leopoldo "
            "Cintra chào mừng đoàn. Bộ trưởng cảm ơn Thượng tướng Leopoldo Cintra.",
            ["Leopoldo Cintra Frías"],
        ),
    ],
)
def test_which_of_two_forms_is_the_name(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Tham dự có Đoàn Khối các cơ quan tỉnh và Đoàn Khối Doanh nghiệp tỉnh.",
        "Ban Thường vụ Đoàn Khối đã trao quà cho các em.",
        "Trường Mầm non Hoa Hồng Nhỏ khai giảng. Các cháu Hoa Hồng Nhỏ vui vẻ đến trường.",
        "Trường MN Hoa Hồng Nhỏ khai giảng năm học mới.",
        "kiểm tra nhóm trẻ Hồng Ân, nhóm trẻ Hoa Hồng Nhỏ và trường mẫu giáo",
        "cô giáo lớp Hoa Hồng Nhỏ. Năm nay Hoa Hồng Nhỏ được công nhận đạt chuẩn.",
        "áp lực lên các tuyến đường Nguyễn Thị Định, Lê Phụng Hiểu. Xe đậu trên Nguyễn Thị Định.",
        "là thủ quỹ Cty CP Kim Toàn. Mỏ đá cấp cho Kim Toàn khai thác.",
    ],
)
def test_organisations_schools_and_units_named_like_persons_are_not_persons(text):
    assert names(text) == []


def test_a_unit_name_is_a_person_where_a_title_or_address_makes_it_one():
    text = (
        "Đoàn công tác thăm Trường THCS Lê Văn Tám. Ông Lê Văn Tám, nguyên Hiệu trưởng nhà "
        "trường, phát biểu."
    )
    assert names(text) == ["Lê Văn Tám"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ông tâm đắc câu của Tổng Bí thư Trường Chinh đầu năm 1986.", ["Trường Chinh"]),
        ("Trường Chinh là nhà lý luận xuất sắc của Đảng.", ["Trường Chinh"]),
        ("bài thơ của Tố Hữu và Xuân Diệu", ["Tố Hữu", "Xuân Diệu"]),
        ("Phó Tổng Biên tập Báo Nhân Dân Thép Mới mời tôi", ["Thép Mới"]),
        ("Chủ nhiệm Tổng cục Chính trị Song Hào hoan nghênh", ["Song Hào"]),
        ("nhà thơ Xuân Quỳnh, Thu Bồn, NSND Trần Bảng", ["Xuân Quỳnh", "Thu Bồn", "Trần Bảng"]),
        ("nhà hàng trên đường Trường Chinh, quận Tân Bình", []),
        ("Trường THCS Tố Hữu khai giảng năm học mới", []),
        ("Phong trào khởi nghĩa N'Trang Lơng (1912 - 1936)", []),
        ("ông Nguyễn Xuân Thủy phát biểu", ["Nguyễn Xuân Thủy"]),
        ("Tổng Bí thư Lê Duẩn và Đại tướng Võ Nguyên Giáp", ["Lê Duẩn", "Võ Nguyên Giáp"]),
        ("trụ sở trên đường Lê Duẩn, thị trấn Đắk Mil", []),
        ("Chủ tịch Hồ Chí Minh và tư tưởng Hồ Chí Minh", ["Hồ Chí Minh"]),
        ("học tập và làm theo tư tưởng Hồ Chí Minh", []),
    ],
)
def test_leaders_known_by_names_that_are_words(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đại tá Tào Văn Thái dẫn đầu Đoàn Tùy viên quốc phòng Việt Nam", ["Tào Văn Thái"]),
        ("Triển lãm kéo dài tại phố đi bộ Nguyễn Huệ và đường Đồng Khởi", []),
        ("nước từ Hồ Đăk Blao chảy về", []),
    ],
)
def test_a_delegation_a_street_and_a_lake_are_not_persons(text, expected):
    assert names(text) == expected
