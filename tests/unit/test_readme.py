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


def test_data_model_doc_states_the_demo_job_id_boundary_the_code_uses() -> None:
    from data_layer.sync.jobs import UPSTREAM_JOB_ID_LIMIT

    doc = (PROJECT_ROOT / "docs" / "data-model.md").read_text()
    assert f"demo seed jobs use ids from {UPSTREAM_JOB_ID_LIMIT:,} up" in doc
