"""Texts: every key the code passes to t() is a literal that exists in both languages, and no catalog key is unused."""

import ast
import re
from pathlib import Path

from sensus.core import i18n

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [*sorted((ROOT / "sensus").rglob("*.py")), *sorted((ROOT / "pages").glob("*.py")), ROOT / "dashboard.py"]


def _t_calls():
    """(file, line, first argument) of every call of a function named t: t(…), ui.t(…), i18n.t(…)."""
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            if name == "t":
                yield path.relative_to(ROOT), node.lineno, node.args[0]


def _string_literals() -> set[str]:
    """Every string literal of the code, and every 'quoted' word in its SQL (rejection reasons are SQL values)."""
    found = set()
    sql = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "queries").rglob("*.sql"))]
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
                sql.append(node.value)
    found |= set(re.findall(r"'([a-z0-9_]+)'", "\n".join(sql)))
    return found


def test_no_key_is_built_at_run_time():
    built = [
        f"{path}:{line}"
        for path, line, argument in _t_calls()
        if isinstance(argument, (ast.JoinedStr, ast.BinOp, ast.Call))
    ]
    assert not built, "text keys built with f-strings, + or calls (write the keys out in a dict): " + ", ".join(built)


def test_every_literal_key_exists_in_both_languages():
    catalog = i18n.catalog()
    missing = [
        f"{path}:{line} {argument.value}"
        for path, line, argument in _t_calls()
        if isinstance(argument, ast.Constant) and argument.value not in catalog
    ]
    assert not missing
    assert all(set(texts) >= set(i18n.BAHASA) and all(texts[b] for b in i18n.BAHASA) for texts in catalog.values())


def test_no_catalog_key_is_unused():
    # a key is used when the code holds it as a literal: passed to t(), or in a dict of keys, or as a
    # reason code the importer stores and the data page translates
    literals = _string_literals()
    unused = sorted(key for key in i18n.catalog() if key not in literals)
    assert not unused, f"{len(unused)} catalog keys no code uses: {unused}"


def test_the_cli_speaks_the_chosen_language(tmp_path, capsys):
    from sensus.__main__ import main

    missing = tmp_path / "nothing.duckdb"
    assert main(["--lang", "en", "report", "--store", str(missing)]) == 1
    assert (
        capsys.readouterr().err.strip() == f"{missing}: store not found; run `python -m sensus demo` or `ingest` first"
    )
    assert main(["report", "--store", str(missing), "--lang", "id"]) == 1
    assert "store tidak ditemukan" in capsys.readouterr().err


def test_import_stages_speak_the_chosen_language():
    from sensus.core.progress import Progress

    drawn = []
    for bahasa in ("id", "en"):
        progress = Progress(lambda stage, percent: drawn.append(stage), bahasa)
        progress.step("membaca berkas")
        progress.step("menyimpan")
    assert drawn == ["membaca berkas", "menyimpan", "reading the file", "saving"]
