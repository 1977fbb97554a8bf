"""Without Chromium the browser tests skip loudly, except in CI (REQUIRE_BROWSER=1): they fail."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e import conftest


def test_missing_chromium_skips_with_a_loud_message(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(conftest, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.delenv("REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="BROWSER TESTS SKIPPED"):
        conftest.require_chromium()


def test_missing_chromium_fails_when_the_browser_is_required(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(conftest, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.setenv("REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="REQUIRE_BROWSER=1"):
        conftest.require_chromium()


def test_ci_requires_the_browser() -> None:
    script = (Path(__file__).resolve().parents[2] / ".ci" / "run").read_text()
    assert "REQUIRE_BROWSER=1" in script and "make test" in script
