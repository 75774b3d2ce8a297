"""Sphinx configuration of policykit's documentation (``sphinx-build -W -b html docs OUT``)."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))
sys.path.insert(0, str(HERE / "examples" / "trust_plugin"))

from policykit import __version__  # noqa: E402

project = "policykit"
author = "policykit developers"
copyright = "policykit developers"
release = __version__
version = __version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "policykit_catalogues",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
myst_heading_anchors = 4
myst_enable_extensions = ["colon_fence"]
suppress_warnings = ["myst.header"]

autodoc_typehints = "description"
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "show-inheritance": False}
# Pydantic models: the fields, not pydantic's own machinery.
autodoc_pydantic_model_show_json = False
nitpicky = False

html_theme = "furo"
html_title = f"policykit {__version__}"
