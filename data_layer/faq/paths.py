"""Where FAQ articles live on the public site: ``/faq`` and ``/faq/{slug}``.

Here rather than in the web layer because the chat's tools link the articles they quote
(tools sit below the web layer); :mod:`assistant.web.content_urls` re-exports these.
"""

from __future__ import annotations

from typing import Final
from urllib.parse import quote

FAQ_PATH: Final = "/faq"


def faq_path(slug: str, anchor: str | None = None) -> str:
    """``/faq/{slug}``, with ``#anchor`` (a question's id on the page) when given."""
    path = f"{FAQ_PATH}/{quote(slug, safe='-_.~')}"
    return f"{path}#{quote(anchor, safe='-_.~')}" if anchor else path
