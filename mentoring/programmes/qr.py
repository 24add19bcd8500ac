"""The QR code of a programme's short link, as an SVG image."""

import io

import segno


def qr_svg(url: str, *, title: str = "") -> bytes:
    """A scalable QR code: black on white with a quiet zone, sized by its viewBox."""
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        buffer,
        kind="svg",
        scale=8,
        border=4,
        dark="#000",
        light="#fff",
        title=title or None,
        omitsize=True,
        xmldecl=True,
    )
    return buffer.getvalue()
