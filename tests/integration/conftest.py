"""Fixtures shared by the account tests."""

from __future__ import annotations

import pytest

from config.settings import Settings
from devstack.mailbox import LocalMailbox
from tests.integration.account_helpers import SignUps


@pytest.fixture
def auth_settings(chat_settings: Settings) -> Settings:
    """The seeded database; an http public URL so the test client sends the cookie back."""
    return chat_settings.model_copy(update={"public_base_url": "http://testserver.local"})


@pytest.fixture
def sign_up(auth_settings: Settings, mailbox: LocalMailbox) -> SignUps:
    """``await sign_up(client, email)``: registered, confirmed by the mailed link, signed in."""
    return SignUps(auth_settings, mailbox)
