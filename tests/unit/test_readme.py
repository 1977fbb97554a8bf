"""The README stays true: every setting is documented in its configuration table."""

from __future__ import annotations

from config.settings import PROJECT_ROOT, Settings


def test_every_setting_is_in_the_readme_configuration_table() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text()
    table_rows = [line for line in readme.splitlines() if line.startswith("| `")]
    documented = {row.split("`")[1] for row in table_rows}
    missing = [f.alias for f in Settings.model_fields.values() if f.alias not in documented]
    assert not missing, f"settings missing from README: {missing}"


def test_readme_names_the_two_commands() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text()
    assert "make run" in readme and "make test" in readme
