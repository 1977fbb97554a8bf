"""Fixtures shared by the account tests."""

from __future__ import annotations

import pytest

from config.settings import Settings


@pytest.fixture
def auth_settings(chat_settings: Settings) -> Settings:
    """The seeded database; an http public URL so the test client sends the cookie back."""
    return chat_settings.model_copy(update={"public_base_url": "http://testserver.local"})
