"""Reading staff files: CSV with either separator, with or without a BOM, Windows-1252,
XLSX, the column names in any of the three languages; refusals in words."""

import pytest
import tablib

from mentoring.core.errors import DomainError
from mentoring.onboarding import reading
from mentoring.onboarding.reading import read_staff_file
from mentoring.onboarding.template_file import staff_template

FI_CSV = "nimi;sähköposti;yksikkö;alalla vuodesta\nÄäni Öljy;aani@example.test;Yksikkö A;2010\n"


def _read(content: bytes, name: str = "staff.csv") -> list[dict]:
    return read_staff_file(name=name, content=content)


def test_semicolon_csv_with_finnish_headers():
    rows = _read(FI_CSV.encode())
    assert rows == [
        {
            "line": 2,
            "name": "Ääni Öljy",
            "email": "aani@example.test",
            "unit": "Yksikkö A",
            "started_in_field": "2010",
        }
    ]


def test_comma_csv_with_english_headers_and_a_bom():
    content = '\ufeffName,Email,Unit,Usual shifts\nA B,ab@example.test,U,"day, night"\n'
    rows = _read(content.encode())
    assert rows[0]["email"] == "ab@example.test" and rows[0]["shifts"] == "day, night"


def test_swedish_headers_in_windows_1252():
    content = "namn;e-post;enhet\nÅsa Öberg;asa@example.test;Enheten\n".encode("cp1252")
    assert _read(content)[0]["name"] == "Åsa Öberg"


def test_xlsx_is_read_with_numbers_as_numbers():
    dataset = tablib.Dataset(headers=["Name", "Email", "Unit", "Year started in the field"])
    dataset.append(["A B", "ab@example.test", "U", 2015])
    rows = _read(dataset.export("xlsx"), name="staff.xlsx")
    assert rows[0]["email"] == "ab@example.test" and rows[0]["started_in_field"] == 2015


def test_unknown_columns_and_empty_rows_are_left_out():
    rows = _read(b"email;unit;favourite colour\n;;\nx@example.test;U;blue\n")
    assert rows == [{"line": 3, "email": "x@example.test", "unit": "U"}]


@pytest.mark.parametrize("language", ["fi", "sv", "en", "xx"])
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_template_reads_back(kind, language):
    content, _type = staff_template(kind=kind, language=language)
    rows = _read(content, name=f"staff.{kind}")
    assert len(rows) == 1 and "@example.fi" in rows[0]["email"]


@pytest.mark.parametrize(
    "content, name, words",
    [
        (b"", "staff.csv", "empty"),
        (b"   \n", "staff.csv", "empty"),
        (b"%PDF-1.4\x00\x01binary", "staff.pdf", "not a CSV or XLSX"),
        (b"PK\x03\x04 not really a zip", "staff.xlsx", "Excel"),
        (b"name;phone\nA;1\n", "staff.csv", "no column for email, unit"),
        (b"email;unit\n", "staff.csv", "no rows"),
        (b"email;unit\na@example.test;U;extra;cells\n", "staff.csv", "more cells"),
    ],
)
def test_bad_files_are_refused_in_words(content, name, words):
    with pytest.raises(DomainError) as refusal:
        _read(content, name)
    assert words in refusal.value.message


def test_a_file_over_the_limits_is_refused(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 2)
    with pytest.raises(DomainError, match="more than 2 rows"):
        _read(b"email;unit\na@x.test;U\nb@x.test;U\nc@x.test;U\n")
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 10)
    with pytest.raises(DomainError, match="larger than"):
        _read(b"email;unit\na@x.test;U\n")
