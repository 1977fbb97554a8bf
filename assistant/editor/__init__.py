"""The editors' desk: review of generated pages (``/editor``) and its JSON API
(``/api/editor/``), for content editors and admins. The work itself is
:mod:`data_layer.content.review`'s; this package is its HTTP side."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from assistant.editor.desk import EditorDeskController
from assistant.editor.faq_api import EditorFaqController
from assistant.editor.queue_api import EditorQueueController
from assistant.editor.review_api import EditorReviewController

EDITOR_ROUTES: list[ControllerRouterHandler] = [
    EditorDeskController,
    EditorQueueController,
    EditorReviewController,
    EditorFaqController,
]
