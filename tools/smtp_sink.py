"""A local SMTP sink (aiosmtpd, a development dependency) for the reminders benchmark and the
service tests: it accepts every message on 127.0.0.1 and remembers who got what.

It can misbehave on purpose: answer ``451`` to every message for a while (a mail server
that fails), refuse every recipient with ``550`` for a while (a server at fault: a wrong
relay setting), wait at RCPT before answering (a slow server, so that a test can kill a
worker while its messages are in flight), and take a message at the end of DATA but answer
only after a delay (a relay that scans mail, or one that hangs: RFC 1047).
"""

import asyncio
import logging
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from email.policy import default as default_policy

from aiosmtpd.controller import Controller


@dataclass(frozen=True)
class Delivery:
    key: str  # X-Mentorpolku-Reminder
    message_id: str
    to: str
    subject: str
    raw: bytes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpSink:
    def __init__(self, *, rcpt_delay: float = 0.0, keep_raw: bool = True):
        self.port = free_port()
        self.rcpt_delay = rcpt_delay
        self.data_reply_delay = 0.0  # delivered at the end of DATA, answered this much later
        self.answering = 0  # messages delivered whose 250 is still to come
        self.reject_until = 0.0  # time.monotonic() until which every recipient gets 550
        self.rejected = 0
        self.keep_raw = keep_raw
        self.deliveries: list[Delivery] = []
        self.refused = 0
        self.fail_until = 0.0  # time.monotonic() until which every message gets 451
        self.waiting: dict[int, float] = {}  # session → when it began waiting at RCPT
        self._lock = threading.Lock()
        self._parser = BytesHeaderParser(policy=default_policy)
        self._controller = None

    # --- aiosmtpd handler hooks ---------------------------------------------------------------
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if time.monotonic() < self.reject_until:
            with self._lock:
                self.rejected += 1
            return "550 5.7.1 Relaying denied"
        if self.rcpt_delay:
            with self._lock:
                self.waiting[id(session)] = time.monotonic()
            try:
                await asyncio.sleep(self.rcpt_delay)
            finally:
                with self._lock:
                    self.waiting.pop(id(session), None)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        if time.monotonic() < self.fail_until:
            with self._lock:
                self.refused += 1
            return "451 4.3.0 Temporary failure, try again later"
        headers = self._parser.parsebytes(envelope.content)
        delivery = Delivery(
            key=str(headers.get("X-Mentorpolku-Reminder", "")).strip(),
            message_id=str(headers.get("Message-ID", "")).strip(),
            to=", ".join(envelope.rcpt_tos),
            subject=str(headers.get("Subject", "")),
            raw=envelope.content if self.keep_raw else b"",
        )
        with self._lock:
            self.deliveries.append(delivery)
        if self.data_reply_delay:
            with self._lock:
                self.answering += 1
            try:
                await asyncio.sleep(self.data_reply_delay)
            finally:
                with self._lock:
                    self.answering -= 1
        return "250 OK"

    # --- control --------------------------------------------------------------------------
    def start(self) -> "SmtpSink":
        logging.getLogger("mail.log").setLevel(logging.WARNING)

        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def __enter__(self) -> "SmtpSink":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def fail_for(self, seconds: float) -> None:
        self.fail_until = time.monotonic() + seconds

    def reject_for(self, seconds: float) -> None:
        self.reject_until = time.monotonic() + seconds

    def snapshot(self) -> list[Delivery]:
        with self._lock:
            return list(self.deliveries)

    def all_waiting_since(self, sessions: int, within: float) -> bool:
        """Whether ``sessions`` sessions all began waiting at RCPT in the last ``within`` s."""
        now = time.monotonic()
        with self._lock:
            recent = [t for t in self.waiting.values() if now - t <= within]
        return len(recent) >= sessions

    def counts(self) -> Counter:
        return Counter(d.key for d in self.snapshot())


def serve_in_child(port_queue, stop_event, delivered) -> None:
    """Run a sink in a separate process (the benchmark's): reports its port, counts
    deliveries into ``delivered`` (a shared integer) until ``stop_event`` is set."""
    sink = SmtpSink(keep_raw=False).start()
    port_queue.put(sink.port)
    while not stop_event.wait(0.2):
        delivered.value = len(sink.deliveries)
    delivered.value = len(sink.deliveries)
    sink.stop()
