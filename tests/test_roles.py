import pytest

from indexer.extract.persons import extract_persons
from indexer.extract.roles import role_after, role_before


def roles(text: str) -> dict[str, list[str]]:
    return {p.name: p.roles for p in extract_persons(text)}


def test_a_role_stops_at_va_and_the_next_person():
    found = roles(
        "Đồng chí Trương Thanh Tùng - Phó Chủ tịch UBND tỉnh, Chủ tịch Hội đồng thẩm định xã "
        "nông thôn mới tỉnh và đồng chí Nguyễn Trọng Yên - Giám đốc Sở Nông nghiệp và Phát "
        "triển nông thôn, Chánh Văn phòng Điều phối nông thôn mới tỉnh đã dự."
    )
    assert found == {
        "Trương Thanh Tùng": [
            "Phó Chủ tịch UBND tỉnh, Chủ tịch Hội đồng thẩm định xã nông thôn mới tỉnh"
        ],
        "Nguyễn Trọng Yên": [
            "Giám đốc Sở Nông nghiệp và Phát triển nông thôn, "
            "Chánh Văn phòng Điều phối nông thôn mới tỉnh"
        ],
    }


def test_a_foreign_office_after_a_vietnamese_leaders_name_is_not_hers():
    found = roles(
        "Nhất trí với ý kiến của Chủ tịch Quốc hội Nguyễn Thị Kim Ngân, Chủ tịch Quốc hội Cuba "
        "nhấn mạnh hai bên cần tiếp tục phát triển quan hệ."
    )
    assert found == {"Nguyễn Thị Kim Ngân": ["Chủ tịch Quốc hội"]}


def test_a_title_running_into_the_next_name_is_that_persons():
    found = roles(
        "Thủ tướng Nguyễn Xuân Phúc, Phó Thủ tướng Thường trực Trương Hòa Bình, "
        "Phó Thủ tướng Vương Đình Huệ dự hội nghị."
    )
    assert found == {
        "Nguyễn Xuân Phúc": ["Thủ tướng"],
        "Trương Hòa Bình": ["Phó Thủ tướng Thường trực"],
        "Vương Đình Huệ": ["Phó Thủ tướng"],
    }


@pytest.mark.parametrize(
    "text",
    [
        "Thủ tướng Nguyễn Xuân Phúc và Thủ tướng Lào Thoonglun Sisoulith hội đàm.",
        "Thủ tướng Lào Thoonglun Sisoulith hội đàm với Thủ tướng Nguyễn Xuân Phúc.",
        "Thủ tướng Nguyễn Xuân Phúc, Thủ tướng Lào Thoonglun Sisoulith chứng kiến lễ ký.",
        "Thủ tướng Nguyễn Xuân Phúc cùng Thủ tướng Lào Thoonglun Sisoulith chứng kiến lễ ký.",
    ],
)
def test_a_foreign_leaders_role_stays_with_him(text):
    found = roles(text)
    assert found["Nguyễn Xuân Phúc"] == ["Thủ tướng"]
    assert found["Thoonglun Sisoulith"] == ["Thủ tướng Lào"]


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("Đ/c Lê Sỹ Tuân - Chánh Thanh tra\n21/6/2019 Đ/c Phạm", "Lê Sỹ Tuân", "Chánh Thanh tra"),
        (
            "ông Lê Hoàng Vinh, Trưởng phòng Nông nghiệp và PTNT huyện phân tích: “Trồng",
            "Lê Hoàng Vinh",
            "Trưởng phòng Nông nghiệp và PTNT huyện",
        ),
        (
            "Đồng chí Dương Quang Thành - Bí thư Đảng ủy, Chủ tịch HĐTV EVN thông tin về",
            "Dương Quang Thành",
            "Bí thư Đảng ủy, Chủ tịch HĐTV EVN",
        ),
        (
            "đồng chí Nguyễn Hữu Khánh - Phó Bí thư, chủ tịch HĐND huyện, Đồng chí Nguyễn",
            "Nguyễn Hữu Khánh",
            "Phó Bí thư, chủ tịch HĐND huyện",
        ),
        (
            "Nguyễn Ngọc Thân – Phó chủ tịch UBND huyện, lãnh đạo các cơ quan, ban, ngành",
            "Nguyễn Ngọc Thân",
            "Phó chủ tịch UBND huyện",
        ),
        (
            "Trần Văn Thuật, Phó Chủ tịch Tổng LĐLĐVN - trò chuyện với công nhân",
            "Trần Văn Thuật",
            "Phó Chủ tịch Tổng LĐLĐVN",
        ),
        (
            "Thái Thanh Quý - Ủy viên dự khuyết Ban Chấp hành Trung ương Đảng; các đồng chí",
            "Thái Thanh Quý",
            "Ủy viên dự khuyết Ban Chấp hành Trung ương Đảng",
        ),
        (
            "bà Lê Thị Thu Hằng, người phát ngôn Bộ Ngoại giao cho biết",
            "Lê Thị Thu Hằng",
            "người phát ngôn Bộ Ngoại giao",
        ),
        (
            "đồng chí Lê Ngọc Ly - Trưởng Công an huyện Sóc Sơn xác nhận vụ việc",
            "Lê Ngọc Ly",
            "Trưởng Công an huyện Sóc Sơn",
        ),
        (
            "ông Huỳnh Thanh, Giám đốc công ty chạy xe mô tô rất nhanh đến",
            "Huỳnh Thanh",
            "Giám đốc công ty",
        ),
        ("NSND Vương Duy Biên, Thứ trưởng phụ trách lĩnh vực này", "Vương Duy Biên", "Thứ trưởng"),
        ("chị Lê Thị Khuyên, thôn 2, xã Thuận Hà đã trồng", "Lê Thị Khuyên", None),
        ("ông Nguyễn Văn Hữu (hộ nghèo) ở thị trấn", "Nguyễn Văn Hữu", None),
    ],
)
def test_role_after_the_name_is_the_title_phrase_only(text, name, expected):
    assert role_after(text, text.index(name) + len(name)) == expected


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        (
            "Phát biểu tại buổi lễ, Phó Chủ tịch UBND huyện Krông Nô ",
            "Phó Chủ tịch UBND huyện Krông Nô",
        ),
        ("Được sự phân công của Tổng Bí thư, Chủ tịch nước ", "Tổng Bí thư, Chủ tịch nước"),
        (
            "Ủy viên Trung ương Đảng, Phó Chủ tịch - Tổng Thư ký Ủy ban Trung ương MTTQ Việt Nam ",
            "Ủy viên Trung ương Đảng, Phó Chủ tịch - Tổng Thư ký Ủy ban Trung ương MTTQ Việt Nam",
        ),
        ("Bộ trưởng Kế hoạch và Đầu tư (KH-ĐT) ", "Bộ trưởng Kế hoạch và Đầu tư (KH-ĐT)"),
        ("Theo trung tá ", "trung tá"),
        ("Thừa ủy quyền của Chủ tịch nước Thứ trưởng Bộ Xây dựng ", "Thứ trưởng Bộ Xây dựng"),
        ("Chủ nhiệm Văn phòng Chủ tịch nước ", "Chủ nhiệm Văn phòng Chủ tịch nước"),
        ("Trưởng ban Công tác Đại biểu ", "Trưởng ban Công tác Đại biểu"),
        ("Chủ tịch HĐQT kiêm Tổng Giám đốc ", "Chủ tịch HĐQT kiêm Tổng Giám đốc"),
        (
            "các đại biểu đã nghe Chủ tịch Hội đồng nhân dân tỉnh Xiêng Khoảng Bun-tôn "
            "Chăn-thạ-phon, Chủ tịch Hội đồng nhân dân tỉnh Thanh Hóa ",
            "Chủ tịch Hội đồng nhân dân tỉnh Thanh Hóa",
        ),
        (
            "hội đàm giữa Chủ tịch nước Cộng hòa Nhân dân Trung Hoa Tập Cận Bình, "
            "Chủ tịch nước Cộng hòa Xã hội Chủ nghĩa Việt Nam ",
            "Chủ tịch nước Cộng hòa Xã hội Chủ nghĩa Việt Nam",
        ),
        (
            "Ủy viên Trung ương Đảng, Phó Chủ tịch - Ủy viên Ủy ban Thường vụ Quốc hội ",
            "Ủy viên Trung ương Đảng, Phó Chủ tịch - Ủy viên Ủy ban Thường vụ Quốc hội",
        ),
        ("đồng chí Đại tá ", "Đại tá"),
        ("Giao trách nhiệm cho chủ tịch phường Ông ", None),
        ("nền kinh tế tăng trưởng ", None),
        ("đảng viên là trưởng thôn, Bí thư Huyện ủy Thuận Thành ", "Bí thư Huyện ủy Thuận Thành"),
    ],
)
def test_role_before_the_name_is_the_title_bound_to_it(before, expected):
    text = before + "Nguyễn Văn An phát biểu."
    assert role_before(text, len(before)) == expected
