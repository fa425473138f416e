"""Locate files shipped with the package: the ontology, the named queries, the bundled corpus."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_REPO = Path(__file__).resolve().parent.parent
_ASSETS = {"ontology": "treatygraph_assets.ontology", "queries": "treatygraph_assets.queries"}


def resource_dir(name: str) -> Path:
    """Return the directory of a shipped resource: ``ontology``, ``queries`` or ``corpus``."""
    if name == "corpus":
        return Path(__file__).resolve().parent / "corpus"
    local = _REPO / name
    if local.is_dir() and (_REPO / "pyproject.toml").is_file():  # a source checkout
        return local
    # the asset folders are namespace packages (no __init__.py): take their directory from the spec
    spec = importlib.util.find_spec(_ASSETS[name])
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"treatygraph's {name} files are not installed")
    return Path(next(iter(spec.submodule_search_locations)))
