from app.domain.numbering import check_format, format_number, parse_number


def test_default_format():
    assert format_number("{代字}〔{年}〕第{序号}号", "消调", 2026, 15) == "消调〔2026〕第15号"
    assert format_number("{代字}〔{年}〕第{序号}号", "消调", 2026, 15, width=4) == "消调〔2026〕第0015号"


def test_format_must_make_unique_numbers():
    assert check_format("{代字}〔{年}〕第{序号}号") is None
    assert "{年}" in check_format("{代字}第{序号}号")
    assert "未知的占位符" in check_format("{代字}〔{年}〕第{编号}号")


def test_numbers_read_back():
    assert parse_number("{代字}〔{年}〕第{序号}号", "消调", "消调〔2025〕第0123号") == (2025, 123)
    assert parse_number("{代字}〔{年}〕第{序号}号", "消调", "外单位〔2025〕第1号") is None
