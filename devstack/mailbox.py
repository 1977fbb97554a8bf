"""A local SMTP server (aiosmtpd) that keeps the mail instead of sending it.

``make run`` points the workers at it when no ``SMTP_HOST`` is configured, so the
account mail goes through the same SMTP code as in production and its links show
up on the console; the tests use it to read the mail the service sent.
Every message is kept in memory and, when a folder is given, as an ``.eml`` file.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from types import TracebackType

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from devstack.services import DevStackError

__all__ = ["LocalMailbox", "ReceivedMail", "links_in"]

log = logging.getLogger(__name__)

_LINK = re.compile(r"https?://[^\s<>\"']+")
_LINK_TAIL = ".,;:!?)]}'\""
"""Punctuation that ends a sentence after a link rather than belonging to it."""


@dataclass(frozen=True, slots=True)
class ReceivedMail:
    envelope_from: str
    recipients: tuple[str, ...]
    """The SMTP envelope's recipients (``RCPT TO``), lower-cased."""
    message: EmailMessage
    path: Path | None
    """The ``.eml`` file, when the mailbox keeps a folder."""


def _text_of(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    content = body.get_content()
    return content if isinstance(content, str) else ""


def links_in(message: EmailMessage) -> list[str]:
    """The http(s) links of the message's text, in order."""
    return [match.rstrip(_LINK_TAIL) for match in _LINK.findall(_text_of(message))]


class LocalMailbox:
    """An SMTP server on ``host:port`` (its own thread) that stores what it receives."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 8025,
        directory: Path | None = None,
        echo: Callable[[str], None] | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.directory = directory
        self._echo = echo or log.warning
        self._changed = threading.Condition()
        self._received: list[ReceivedMail] = []
        self._unread: list[ReceivedMail] = []
        self._count = 0
        self._controller: Controller | None = None

    # ------------------------------------------------------------------ server
    def start(self) -> None:
        if self._controller is not None:
            return
        if self.directory is not None:
            self.directory.mkdir(parents=True, exist_ok=True)
        # aiosmtpd logs every connection at INFO; the messages themselves are echoed.
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        # A fresh controller each time: a stopped one has closed its event loop.
        # server_hostname spares the default getfqdn(), a DNS lookup on some hosts.
        controller = Controller(
            self, hostname=self.host, port=self.port, server_hostname="localhost"
        )
        try:
            controller.start()
        except OSError as exc:
            raise DevStackError(
                f"Port {self.port} for the local SMTP server is unavailable ({exc.strerror}); "
                "set LOCAL_SMTP_PORT to a free port."
            ) from exc
        self._controller = controller

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def __enter__(self) -> LocalMailbox:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # -------------------------------------------------- aiosmtpd handler hook
    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or envelope.content or b""
        if isinstance(raw, str):
            raw = raw.encode()
        # SMTP carries CRLF line ends; Python's text (and the tests' expectations) use LF.
        message = email.message_from_bytes(
            raw.replace(b"\r\n", b"\n"), _class=EmailMessage, policy=email.policy.default
        )
        assert isinstance(message, EmailMessage)
        with self._changed:
            self._count += 1
            path = self._save(raw, self._count)
            mail = ReceivedMail(
                envelope_from=envelope.mail_from or "",
                recipients=tuple(rcpt.lower() for rcpt in envelope.rcpt_tos),
                message=message,
                path=path,
            )
            self._received.append(mail)
            self._unread.append(mail)
            self._changed.notify_all()
        self._echo(_describe(mail))
        return "250 Message accepted for delivery"

    def _save(self, raw: bytes, number: int) -> Path | None:
        if self.directory is None:
            return None
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        path = self.directory / f"{stamp}-{number:04d}.eml"
        path.write_bytes(raw)
        return path

    # ------------------------------------------------------------ reading mail
    @property
    def received(self) -> list[ReceivedMail]:
        with self._changed:
            return list(self._received)

    def messages_to(self, address: str) -> list[EmailMessage]:
        wanted = address.lower()
        return [mail.message for mail in self.received if wanted in mail.recipients]

    def wait_for(self, to: str, timeout: float = 10.0) -> EmailMessage:
        """The next message to ``to`` that ``wait_for`` has not returned yet (oldest first).

        Raises ``TimeoutError`` (naming what did arrive) when none comes within ``timeout``.
        """
        wanted = to.lower()
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for mail in self._unread:
                    if wanted in mail.recipients:
                        self._unread.remove(mail)
                        return mail.message
                left = deadline - time.monotonic()
                if left <= 0:
                    arrived = sorted({rcpt for mail in self._received for rcpt in mail.recipients})
                    raise TimeoutError(f"no mail to {to} within {timeout}s; mail came to {arrived}")
                self._changed.wait(left)

    def clear(self) -> None:
        """Forget every message (the ``.eml`` files stay)."""
        with self._changed:
            self._received.clear()
            self._unread.clear()

    @staticmethod
    def links(message: EmailMessage) -> list[str]:
        return links_in(message)


def _describe(mail: ReceivedMail) -> str:
    lines = [
        "---- LOCAL MAIL (kept by the dev SMTP server, not sent) ----",
        f"To:      {', '.join(mail.recipients)}",
        f"Subject: {mail.message.get('Subject', '')}",
        *(f"Link:    {link}" for link in links_in(mail.message)),
    ]
    if mail.path is not None:
        lines.append(f"Saved:   {mail.path}")
    lines.append("-" * 60)
    return "\n".join(lines)
