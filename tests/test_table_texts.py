"""Table cells are formatted a column at a time by polars (i18n.angka_column, tables.cell_texts), and read exactly
as the page's cards and captions write the same numbers one at a time through babel (i18n.angka, persen, tanggal)."""

from datetime import date, timedelta

import polars as pl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sensus.app import tables
from sensus.core import i18n

pytestmark = pytest.mark.slow  # every test renders pages with AppTest

numbers = st.one_of(
    st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
    st.integers(min_value=-(10**12), max_value=10**12).map(float),
    # rates as the reports compute them, ties at the last digit included (12.345, 2.675)
    st.tuples(st.integers(0, 300_000), st.integers(1, 300_000)).map(lambda pq: 100 * pq[0] / pq[1]),
    st.integers(0, 10**6).map(lambda n: n / 1000),
)


@settings(max_examples=300, deadline=None)
@given(values=st.lists(numbers, min_size=1, max_size=30), digits=st.sampled_from([0, 1, 2]))
# found by a random run: the float 32.825 lies just below the tie, babel rounds its decimal form half to even
@example(values=[32.825, 2.675, 0.125], digits=2)
def test_a_column_reads_as_babel_writes_each_value(values, digits):
    frame = pl.DataFrame({"v": [*values, None]}, schema={"v": pl.Float64})
    for bahasa in i18n.BAHASA:
        column = i18n.angka_column(frame["v"], bahasa, digits).to_list()
        assert column == [i18n.angka(v, bahasa, digits) for v in values] + [None]


def test_every_kind_of_cell_reads_as_the_one_value_functions_write_it():
    first = date(2020, 2, 15)
    frame = pl.DataFrame(
        {
            "nama": ["Cepu", "Jepon", "Kunduran", "Todanan"],
            "kk_respon": [12_345, 0, None, 1_234_567],
            "persen_kk": [12.345, 0.5, None, 100.0],
            "naik_7_hari": [2.675, 0.0, -1.5, None],
            "hari_respon_terakhir": [first, first + timedelta(days=20), None, first],
        }
    )
    formats = {"kk_respon": "angka", "persen_kk": "persen", "naik_7_hari": "poin", "hari_respon_terakhir": "tanggal"}
    one_at_a_time = {
        "angka": lambda v, b: i18n.angka(v, b),
        "persen": lambda v, b: i18n.persen(v, b, 2),
        "poin": lambda v, b: ("+" if v > 0 else "") + i18n.angka(v, b, 2),
        "tanggal": lambda v, b: i18n.tanggal(v, b),
    }
    for bahasa in i18n.BAHASA:
        texts = tables.cell_texts(frame, formats | {"tidak_ada": "angka"}, bahasa)
        assert texts.columns == list(formats)
        for column, kind in formats.items():
            expected = [None if v is None else one_at_a_time[kind](v, bahasa) for v in frame[column]]
            assert texts[column].to_list() == expected
    assert tables.cell_texts(frame, formats, "id").row(0) == ("12.345", "12,34 %", "+2,68", "15 Feb 2020")
    assert tables.cell_texts(frame, formats, "en").row(0) == ("12,345", "12.34%", "+2.68", "15 Feb 2020")


def test_a_table_is_formatted_again_when_a_row_in_its_middle_changes():
    """The table cache keys on every row (frames.content_key): Streamlit's own hashing of a polars frame reads only
    its first and last ten rows, so a corrected figure in the middle of a long table would keep its old text."""
    before = pl.DataFrame({"nama": [f"Desa {i}" for i in range(30)], "kk": list(range(30))})
    after = before.with_columns(pl.when(pl.col("kk") == 15).then(99_999).otherwise(pl.col("kk")).alias("kk"))
    tables._cached_grid(before, {"kk": "angka"}, "id")
    shown, texts = tables._cached_grid(after, {"kk": "angka"}, "id")
    assert texts["kk"][99_999] == "99.999"
    assert shown["kk"].tolist() == after["kk"].to_list()


def test_a_day_without_a_new_household_shows_no_arrow(monkeypatch, demo_store):
    """Village 33.16.05.2001 had no new household on 16 Feb: its "+0" was drawn grey with a rising arrow."""
    from streamlit.proto.Metric_pb2 import Metric

    from tests.apptest import open_dashboard

    app = open_dashboard(monkeypatch, demo_store, "desa", tanggal="2020-02-16", desa="33.16.05.2001")
    assert not app.exception
    (card,) = [metric for metric in app.metric if metric.label == i18n.t("kk_respon")]
    assert card.proto.delta == "+0" and card.proto.direction == Metric.MetricDirection.NONE
    later = open_dashboard(monkeypatch, demo_store, "desa", tanggal="2020-02-17", desa="33.16.05.2001")
    (card,) = [metric for metric in later.metric if metric.label == i18n.t("kk_respon")]
    assert card.proto.delta != "+0" and card.proto.direction == Metric.MetricDirection.UP
