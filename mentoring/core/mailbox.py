"""Reads the local mail folder written by Django's file-based email backend (development)."""

import email
import email.policy
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

_NAME = re.compile(r"^[\w.-]+\.log$")
_SEPARATOR = b"-" * 79


@dataclass
class Mail:
    name: str
    index: int
    subject: str
    to: str
    date: str
    text: str
    html: str
    attachments: list[str]

    @property
    def key(self) -> str:
        return f"{self.name}:{self.index}"


def _folder() -> Path:
    return Path(settings.EMAIL_FILE_PATH)


def _parse(name: str, index: int, raw: bytes) -> Mail:
    # Bytes, as the backend wrote them: a message parsed from a str cannot decode its 8-bit
    # UTF-8 parts (ä, ö and å would come out as replacement characters).
    msg = email.message_from_bytes(raw.strip(b"\n"), policy=email.policy.default)
    text, html, attachments = "", "", []
    for part in msg.walk():
        if part.is_multipart():
            continue
        filename = part.get_filename()
        if filename:
            attachments.append(filename)
        elif part.get_content_type() == "text/plain" and not text:
            text = part.get_content()
        elif part.get_content_type() == "text/html" and not html:
            html = part.get_content()
    return Mail(
        name=name,
        index=index,
        subject=str(msg.get("Subject", "")),
        to=str(msg.get("To", "")),
        date=str(msg.get("Date", "")),
        text=text,
        html=html,
        attachments=attachments,
    )


def _messages_in(path: Path) -> list[Mail]:
    chunks = [c for c in path.read_bytes().split(_SEPARATOR) if c.strip()]
    return [_parse(path.name, i, chunk) for i, chunk in enumerate(chunks)]


def list_messages(limit: int = 200) -> list[Mail]:
    folder = _folder()
    if not folder.is_dir():
        return []
    files = sorted(folder.glob("*.log"), key=lambda p: p.stat().st_mtime, reverse=True)
    mails: list[Mail] = []
    for path in files:
        mails.extend(reversed(_messages_in(path)))
        if len(mails) >= limit:
            break
    return mails[:limit]


def read_message(key: str) -> Mail | None:
    name, _, index = key.rpartition(":")
    if not _NAME.match(name) or not index.isdigit():
        return None
    path = _folder() / name
    if not path.is_file():
        return None
    mails = _messages_in(path)
    i = int(index)
    return mails[i] if i < len(mails) else None
