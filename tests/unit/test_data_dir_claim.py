"""`make run` after `make test`: DATA_DIR holding only what the project wrote is claimable."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.webhooks import DEV_SECRET_FILE
from config.settings import Settings
from devstack.services import DevStack, DevStackError


def test_a_folder_with_only_the_local_webhook_secret_is_claimed(tmp_path: Path) -> None:
    (tmp_path / DEV_SECRET_FILE).write_text("local secret")
    DevStack(Settings(DATA_DIR=tmp_path))._claim_data_dir()
    assert (tmp_path / DEV_SECRET_FILE).read_text() == "local secret"  # kept


def test_a_folder_with_someone_elses_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / DEV_SECRET_FILE).write_text("local secret")
    (tmp_path / "thesis.docx").write_text("not ours")
    with pytest.raises(DevStackError, match="not empty and was not created by this project"):
        DevStack(Settings(DATA_DIR=tmp_path))._claim_data_dir()
