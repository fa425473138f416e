"""The settings table: every setting documented, environment and overrides, bad values refused."""

from __future__ import annotations

import pytest

from kg.config import SETTINGS, load_settings
from kg.errors import ConfigError


def test_every_setting_is_documented_in_the_table_and_the_readme():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    for s in SETTINGS:
        assert len(s.help) > 20, s.name
        assert f"TREATYGRAPH_{s.name.upper()}" in readme, s.name


def test_environment_then_overrides():
    s = load_settings(
        {"port": "9000"}, environ={"TREATYGRAPH_PORT": "8000", "TREATYGRAPH_QUERY_TIMEOUT": "2.5"}
    )
    assert s.port == 9000 and s.query_timeout == 2.5
    assert s.store.endswith("treatygraph/store")


def test_bad_values_are_config_errors():
    with pytest.raises(ConfigError):
        load_settings(environ={"TREATYGRAPH_PORT": "eighty"})
    with pytest.raises(ConfigError):
        load_settings({"base_iri": "https://example.org/no-slash"}, environ={})
    with pytest.raises(ConfigError):
        load_settings({"nonsense": 1}, environ={})
