"""The import's SQL files: each starts with the header every SQL file has, naming every parameter it binds."""

import re

import pytest

from sensus.core.paths import ROOT

QUERIES = ROOT / "queries"
FILES = sorted(
    [QUERIES / "schema.sql"]
    + [path for folder in ("staging", "ingest", "marts", "migrations") for path in (QUERIES / folder).glob("*.sql")]
)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(QUERIES)))
def test_header_names_what_grain_and_params(path):
    text = path.read_text(encoding="utf-8")
    header = []
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        header.append(line)
    header_text = "\n".join(header)
    assert header and header[0].startswith(f"-- {path.stem}:"), header[:1]
    assert "-- grain:" in header_text and "-- params:" in header_text
    body = text[len(header_text) :]
    for param in set(re.findall(r"\$([a-z_0-9]+)", body)):
        assert re.search(rf"\${param}\b", header_text), f"${param} is not named in the header"
