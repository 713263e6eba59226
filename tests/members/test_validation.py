"""The registry refuses a name no Vietnamese name can hold (markup, formulas, digits) or one too long."""

import pytest

from sotay.members.validation import clean_record


def _name_errors(name: str) -> list[str]:
    return clean_record({"full_name": name}).errors.get("full_name", [])


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("<script>alert(1)</script>", "«(» «)» «/» «1» «<» «>»"),
        ('=HYPERLINK("http://x.vn")', '«"» «(» «)» «/» «:» «.» «=»'),
        ("Nguyễn Văn An 2", "«2»"),
    ],
)
def test_name_with_markup_or_digits_is_refused_naming_the_characters(raw, shown):
    (message,) = _name_errors(raw)
    assert message.startswith("Họ và tên có ký tự không thể có trong tên người: ")
    assert sorted(message.split(": ", 1)[1].split(". ")[0].split(" ")) == sorted(shown.split(" "))


@pytest.mark.parametrize(
    "name", ["H'Hen Niê", "Ksor Hʼ Bia", "Y Moan Ênuôl", "Thạch Thị Sô Phi", "Y Ƀăp Kpă", "Bùi Kim-Ngọc"]
)
def test_minority_names_and_the_apostrophe_pass(name):
    assert _name_errors(name) == []


def test_a_name_longer_than_100_characters_is_refused():
    assert _name_errors("Nguyễn Văn " + "An " * 40) == ["Họ và tên dài hơn 100 ký tự (130 ký tự)."]
    assert _name_errors("Nguyễn Văn " + "An " * 28 + "Bình") == []


def test_a_birth_year_the_cccd_contradicts_names_both_without_blaming_the_record():
    """The birth date may be the one just typed in a correction: the message names the two years and
    does not say which one is the record's."""
    import datetime

    out = clean_record(
        {"cccd": "079060001234", "birth_date": datetime.date(2099, 1, 1)}, today=datetime.date(2026, 11, 29)
    )
    assert "CCCD cho biết năm sinh 1960, còn ngày sinh ghi năm 2099." in out.errors["cccd"]
    assert out.errors["birth_date"] == ["Ngày này ở sau ngày hôm nay."]
