import pytest

from indexer.persons import extract_persons


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
