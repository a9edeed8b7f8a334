"""The wheel carries every subpackage, the embedded dataset, the ontology and the queries."""

from __future__ import annotations

import tomllib
from pathlib import Path

from graphkit.resources import bundled

REPO_DIR = Path(__file__).resolve().parents[1]


def test_every_subpackage_and_data_folder_is_declared_for_the_wheel():
    config = tomllib.loads((REPO_DIR / "pyproject.toml").read_text(encoding="utf-8"))
    declared = set(config["tool"]["setuptools"]["packages"])
    package = REPO_DIR / "graphkit"
    found = {"graphkit"} | {".".join(p.relative_to(REPO_DIR).parts) for p in package.rglob("*")
             if p.is_dir() and "__pycache__" not in p.parts and any(p.iterdir())}
    mapped = config["tool"]["setuptools"]["package-dir"]
    found |= {name for name in mapped} | {f"{name}.{sub.name}" for name, folder in mapped.items()
                                          for sub in (REPO_DIR / folder).iterdir() if sub.is_dir()}
    assert declared == found


def test_the_bundled_folders_are_the_checkouts_own_in_a_checkout():
    assert bundled("data") == REPO_DIR / "data"
    assert bundled("ontology") == REPO_DIR / "ontology"
