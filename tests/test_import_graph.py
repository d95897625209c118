"""The import as a graph: every SQL step's header says what it reads and writes, and says it truly.

The headers are read from the SQL itself here (`create temp table X`, `insert into X`, `from X`, `join X`, …), so
a step that starts reading or writing another table fails until its header says so. The import's step lists are
checked against the headers: every table a step reads exists by then, and every temp table goes by the end.
"""

import re

import pytest

from sensus.core.paths import QUERIES
from sensus.ingest import batches, importer

FILES = sorted(path for folder in ("staging", "ingest", "marts") for path in (QUERIES / folder).glob("*.sql"))
WRITES = (
    r"\bcreate\s+(?:or\s+replace\s+)?temp(?:orary)?\s+(?:table|view|macro)\s+(\w+)",
    r"\binsert\s+(?:or\s+replace\s+)?into\s+(\w+)",
    r"\bdelete\s+from\s+(\w+)",
    r"\bupdate\s+(\w+)",
)
# the store's tables (schema.sql and the migrations)
STORED = {
    name
    for path in (QUERIES / "schema.sql", *sorted((QUERIES / "migrations").glob("*.sql")))
    for name in re.findall(r"create table if not exists (\w+)", path.read_text(encoding="utf-8"))
}
# the writer's own temp tables, there for every import: the households a change touches and their contribution
WRITER = {"rumah_tangga_tersentuh", "submisi_tersentuh", "kontribusi_lama", "kontribusi_baru"}
IMPORTS = {
    "submisi": (importer.SUBMISI_STEPS, {"checked": "submisi_checked"}),
    "target": (importer.TARGET_STEPS, {"checked": "target_checked"}),
    "kegiatan": (importer.KEGIATAN_STEPS, {"checked": "kegiatan_checked"}),
}
HOOKS = (importer.BEGIN_HOUSEHOLDS, importer.FINISH_HOUSEHOLDS, importer.SAVING, importer.REFUSE_WITHOUT_VALID)


def body(text: str) -> str:
    """The statements of a SQL file: no header, no comments, no string literals, lower case."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if not line.startswith("--")), len(lines))
    statements = re.sub(r"--[^\n]*", " ", "\n".join(lines[start:]))
    return re.sub(r"'(?:[^']|'')*'", "''", statements).lower()


def used(text: str) -> tuple[set[str], set[str]]:
    """(read, written) tables of a SQL file, from its statements. `query_table($p)` reads the table `$p` names."""
    statements = body(text)
    writes = {name for pattern in WRITES for name in re.findall(pattern, statements)}
    ctes = set(re.findall(r"(?:\bwith|,)\s*(\w+)\s+as\s*\(", statements))
    reads = set()
    for match in re.finditer(r"\b(?:from|join)\s+(\w+)(\s*\()?", statements):
        if not match.group(2):
            reads.add(match.group(1))
        elif match.group(1) == "query_table":
            reads.add("$" + re.match(r"\s*\(\s*\$(\w+)", statements[match.end(1) :]).group(1))
    # the table a `delete from` names is written; it is read only when a subquery names it again
    for name in re.findall(r"\bdelete\s+from\s+(\w+)", statements):
        if len(re.findall(rf"\b(?:from|join)\s+{name}\b", statements)) == 1:
            reads.discard(name)
    return reads - ctes, writes


def step_name(path) -> str:
    return f"{path.parent.name}/{path.stem}"


@pytest.mark.parametrize("path", FILES, ids=step_name)
def test_header_says_what_the_step_reads_and_writes(path):
    reads, writes = used(path.read_text(encoding="utf-8"))
    assert importer.step_reads(step_name(path)) == reads
    assert importer.step_writes(step_name(path)) == writes


@pytest.mark.parametrize("path", FILES, ids=step_name)
def test_a_temp_table_is_named_after_the_file_that_creates_it(path):
    created = re.findall(r"\bcreate\s+(?:or\s+replace\s+)?temp(?:orary)?\s+table\s+(\w+)", body(path.read_text()))
    assert set(created) <= {path.stem}


def test_the_check_catches_a_header_that_no_longer_says_the_truth():
    text = (QUERIES / "ingest" / "submisi_incoming.sql").read_text(encoding="utf-8")
    stale = text.replace("from submisi_ranked", "from submisi_checked")
    assert used(stale)[0] == {"submisi_checked"} != importer.step_reads("ingest/submisi_incoming")


@pytest.mark.parametrize("jenis", IMPORTS)
def test_every_table_a_step_reads_exists_when_it_runs(jenis):
    steps, params = IMPORTS[jenis]
    available = STORED | WRITER | {"staged"}
    for step in steps:
        if step in HOOKS:
            continue
        reads = {params.get(name[1:], name) if name.startswith("$") else name for name in importer.step_reads(step)}
        assert reads <= available, f"{step} reads {reads - available} before any step wrote it"
        available |= importer.step_writes(step)


@pytest.mark.parametrize("jenis", IMPORTS)
def test_every_temp_table_is_dropped_after_its_last_reader(jenis):
    steps, params = IMPORTS[jenis]
    hooks = dict.fromkeys(HOOKS)
    plan = importer.drop_plan(steps, params, hooks=hooks, inputs=("staged",))
    created = {importer.step_temp_table(step) for step in steps if step not in hooks} - {None}
    dropped = [table for drops in plan for table in drops]
    assert sorted(dropped) == sorted(created | {"staged"})
    for index, drops in enumerate(plan):
        later = set().union(*(importer.step_reads(step) for step in steps[index + 1 :] if step not in hooks))
        later = {params.get(name[1:], name) if name.startswith("$") else name for name in later}
        assert not drops & later, f"{drops & later} dropped after {steps[index]} but read later"


def test_the_staged_file_goes_once_checked_and_the_ranked_lines_once_folded():
    """A submissions import holds about one copy of the file at a time."""
    steps, params = IMPORTS["submisi"]
    plan = importer.drop_plan(steps, params, hooks=dict.fromkeys(HOOKS), inputs=("staged",))
    after = {step: drops for step, drops in zip(steps, plan, strict=True)}
    assert after["staging/submisi_checked"] == {"staged"}
    assert after["ingest/submisi_incoming"] == {"submisi_ranked"}
    assert after["ingest/submisi_counts"] == {"submisi_checked", "submisi_incoming"}


@pytest.mark.parametrize(
    "steps",
    [
        batches.UNDO_RECORD_STEPS,
        batches.UNDO_KEGIATAN_STEPS,
        batches.UNDO_TARGET_STEPS,
    ],
)
def test_the_undo_steps_read_and_write_only_stored_tables(steps):
    for step in steps:
        assert importer.step_reads(step) | importer.step_writes(step) <= STORED, step


@pytest.mark.parametrize("jenis", IMPORTS)
def test_docs_list_the_steps_in_the_order_they_run(jenis):
    doc = (QUERIES.parent / "docs" / "IMPORT.md").read_text(encoding="utf-8")
    steps, _ = IMPORTS[jenis]
    section = doc[doc.index(f"(`{jenis.upper()}_STEPS`)") :]
    section = section[: section.find("\n## ")]
    listed = re.findall(r"^\| (?:`([^`]+)`|\*([^*]+)\*) \|", section, re.M)
    assert [code or hook for code, hook in listed] == list(steps)
