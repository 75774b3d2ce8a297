"""The ``policykit`` command: click commands only; the work is done elsewhere.

One module per group of commands, each registering itself on :data:`main`:
``parse_cmd`` (parse, schema, kinds, kind), ``check_cmd`` (check, rules, rule),
``render_cmd`` (render, normalize, new, generate). Heavy modules are imported
inside the commands, so ``policykit --version`` starts fast.
"""

from __future__ import annotations

import importlib

import click

from .._version import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="policykit")
def main() -> None:
    """School policy documents as data: parse, check, render."""


for _module in ("parse_cmd", "render_cmd", "check_cmd", "report_cmd", "edit_cmd"):
    importlib.import_module(f".{_module}", __name__)
