"""The downloadable staff file: the columns in the user's language and one example row."""

import tablib

from .columns import FIELDS, HEADERS

EXAMPLE = {
    "fi": [
        "Aino Virtanen",
        "aino.virtanen@example.fi",
        "040 123 4567",
        "Kotihoito Itä",
        "työntekijä",
        "lähihoitaja",
        "2012",
        "aamu, ilta",
        "fi",
    ],
    "sv": [
        "Johan Berg",
        "johan.berg@example.fi",
        "040 123 4567",
        "Servicehuset Björkhem",
        "arbetstagare",
        "närvårdare",
        "2012",
        "dag, kväll",
        "sv",
    ],
    "en": [
        "Eveliina Lahtinen",
        "eveliina.lahtinen@example.fi",
        "040 123 4567",
        "Home care East",
        "worker",
        "practical nurse",
        "2012",
        "day, evening",
        "en",
    ],
}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def staff_template(*, kind: str, language: str) -> tuple[bytes, str]:
    """The template as ``kind`` ("csv", with ``;`` and a BOM so that Excel opens it right,
    or "xlsx") and its content type."""
    language = language if language in HEADERS else "en"
    dataset = tablib.Dataset(headers=[HEADERS[language][field] for field in FIELDS])
    dataset.append(EXAMPLE[language])
    if kind == "xlsx":
        return dataset.export("xlsx"), CONTENT_TYPES[kind]
    return ("\ufeff" + dataset.export("csv", delimiter=";")).encode(), CONTENT_TYPES["csv"]
