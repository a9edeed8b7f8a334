"""Where graphkit's bundled files are: the embedded dataset and the published ontology.

In a source checkout they are the top-level folders ``data/`` and ``ontology/``, which
curators edit; a built wheel carries copies of them inside the package
(``graphkit/_bundled/``), so an installed graphkit finds them without the repository.

Examples
--------
>>> (bundled("data") / "entities.yaml").is_file()
True
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def bundled(name: str) -> Path:
    """The bundled folder *name* (``data``, ``ontology``): the wheel's copy, else the checkout's."""
    packaged = PACKAGE_DIR / "_bundled" / name
    return packaged if packaged.is_dir() else PACKAGE_DIR.parent / name


def in_checkout() -> bool:
    """Whether graphkit runs from a source checkout (its top-level folders are beside it)."""
    return not (PACKAGE_DIR / "_bundled").is_dir()
