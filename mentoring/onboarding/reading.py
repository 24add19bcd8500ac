"""Reading a staff file (CSV with ``;`` or ``,``, UTF-8 with or without BOM or Windows-1252,
or XLSX) into rows of text keyed by field. tablib (with openpyxl for XLSX) does the reading;
this module only picks the format, the encoding and the separator, and names the columns."""

import io
import zipfile

import tablib
from django.utils.translation import gettext as _
from tablib.exceptions import TablibException

from mentoring.core.errors import DomainError

from .columns import field_of_header

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
XLSX_MAGIC = b"PK\x03\x04"


def read_staff_file(*, name: str, content: bytes) -> list[dict]:
    """The file's rows, each ``{"line": n, <field>: text, ...}`` (``line`` as a spreadsheet
    numbers it, the header being line 1). Refuses, in words, a file that is empty, too
    large, not CSV or XLSX, or has no email or unit column."""
    if not content.strip():
        raise DomainError(_("The file is empty."), field="file")
    if len(content) > MAX_FILE_BYTES:
        raise DomainError(
            _("The file is larger than %(mb)d MB. Split it into smaller files.")
            % {"mb": MAX_FILE_BYTES // (1024 * 1024)},
            field="file",
        )
    dataset = _xlsx(content) if content.startswith(XLSX_MAGIC) else _csv(name, content)
    fields = [field_of_header(header) for header in dataset.headers or []]
    missing = [
        label for key, label in (("email", _("email")), ("unit", _("unit"))) if key not in fields
    ]
    if missing:
        raise DomainError(
            _(
                "The first row must name the columns, and it has no column for %(missing)s. "
                "Download the template to see the columns."
            )
            % {"missing": ", ".join(missing)},
            field="file",
        )
    if dataset.height > MAX_ROWS:
        raise DomainError(
            _("The file has more than %(count)d rows. Split it into smaller files.")
            % {"count": MAX_ROWS},
            field="file",
        )
    rows = []
    for index, cells in enumerate(dataset, start=2):
        row = {field: cell for field, cell in zip(fields, cells, strict=False) if field}
        if any(cell not in (None, "") for cell in row.values()):
            rows.append({"line": index, **{key: _plain(value) for key, value in row.items()}})
    if not rows:
        raise DomainError(_("The file has no rows of people under the column names."), field="file")
    return rows


def _plain(value):
    """A value the batch can store as JSON: text, or a number from a spreadsheet."""
    if value is None or isinstance(value, int | float | str):
        return value
    return str(value)


def _xlsx(content: bytes) -> tablib.Dataset:
    try:
        return tablib.Dataset().load(io.BytesIO(content), format="xlsx")
    except (zipfile.BadZipFile, KeyError, ValueError, TablibException, OSError) as exc:
        raise DomainError(
            _("The file could not be read as an Excel (XLSX) file."), field="file"
        ) from exc


def _decode(content: bytes) -> str:
    """UTF-8 (a BOM is dropped), else Windows-1252, which older Excel versions write."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise DomainError(_("The file is not a CSV or XLSX file."), field="file") from exc


def _csv(name: str, content: bytes) -> tablib.Dataset:
    if name.lower().endswith((".xls", ".ods", ".pdf", ".doc", ".docx")) or b"\x00" in content:
        raise DomainError(
            _("The file is not a CSV or XLSX file. Save it from the spreadsheet as CSV or XLSX."),
            field="file",
        )
    text = _decode(content)
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") >= header.count(",") else ","
    try:
        return tablib.Dataset().load(text, format="csv", delimiter=delimiter)
    except (TablibException, ValueError) as exc:
        raise DomainError(
            _("A row of the file has more cells than the first row has column names."),
            field="file",
        ) from exc
