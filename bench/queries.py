"""Query latency: p50/p95 of every report query the pages run, at Blora and national scale, and a naive baseline.

    python -m bench.queries                 # Blora demo store (or the synthetic Blora store) + national store
    python -m bench.queries --only blora    # or --only national

Each query runs through sensus.store.reports / database.run_sql on a cursor of one read-only reader,
as sensus.app.ui does on a cache miss (the cache itself is not measured here: see bench.pages). The
naive baseline is what a plain Streamlit script would do per request: pandas re-reads the export
CSVs and the targets, applies the counting rules (household = no_kk else id_submisi, first day,
persons and status of the latest submission up to the day) and groups by kecamatan.
"""

import argparse
import re
import time
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import polars as pl

from bench import common, stores
from sensus.core import config, wilayah_indonesia
from sensus.core.config import Config
from sensus.core.wilayah_indonesia import Kabupaten

REPEAT = {"blora": 200, "blora-full": 200, "national": 30}
TARGET_MS = {"blora": 10, "blora-full": 10, "national": 250}


def cases(con, cfg: Config, region: Kabupaten) -> list[tuple[str, str, dict]]:
    """(label, query name, params) for every query the pages run, with the parameters they use: the census window
    of `cfg`, the region's row named as `region`."""
    from sensus.core.scope import KABUPATEN
    from sensus.store import reports

    status = reports.status_data(con, scope=KABUPATEN)
    day = status["hari_data_terakhir"] or cfg.selesai
    named = {"kode_kab": region.kode, "nama_kab": region.nama}
    kode_kec = con.sql("select min(kode_kec) from kecamatan").fetchall()[0][0]
    kode_desa = con.sql("select min(kode_desa) from desa where kode_kec = $k", params={"k": kode_kec}).fetchall()[0][0]
    week = day - timedelta(days=7)
    listed = [
        (
            "capaian kabupaten (day)",
            "reports/capaian",
            {"tanggal": day, "tingkat": "kabupaten", "kode_kec": None, **named},
        ),
        (
            "capaian kabupaten (day-1)",
            "reports/capaian",
            {"tanggal": day - timedelta(days=1), "tingkat": "kabupaten", "kode_kec": None, **named},
        ),
        (
            "capaian kecamatan (day)",
            "reports/capaian",
            {"tanggal": day, "tingkat": "kecamatan", "kode_kec": None, **named},
        ),
        (
            "capaian kecamatan (day-7)",
            "reports/capaian",
            {"tanggal": week, "tingkat": "kecamatan", "kode_kec": None, **named},
        ),
        ("capaian desa, all", "reports/capaian", {"tanggal": day, "tingkat": "desa", "kode_kec": None, **named}),
        (
            "capaian desa of one kecamatan",
            "reports/capaian",
            {"tanggal": day, "tingkat": "desa", "kode_kec": kode_kec, **named},
        ),
        ("kurva_harian kabupaten", "reports/kurva_harian", {"kode_kec": None, "kode_desa": None}),
        ("kurva_harian one kecamatan", "reports/kurva_harian", {"kode_kec": kode_kec, "kode_desa": None}),
        ("kurva_harian one desa", "reports/kurva_harian", {"kode_kec": kode_kec, "kode_desa": kode_desa}),
        ("kegiatan", "reports/kegiatan", {"kode_kec": None, **named}),
        ("status_data", "reports/status_data", {"kode_kec": None, "tanggal": None}),
    ]
    # every other report query (pages under way add them): its parameters bound by name, whole scope and one kecamatan
    known = {name for _, name, _ in listed}
    values = {"tanggal": day, "kode_desa": None, "mulai": cfg.mulai, "selesai": cfg.selesai, **named}
    for path in sorted((common.ROOT / "queries" / "reports").glob("*.sql")):
        name = f"reports/{path.stem}"
        if name in known:
            continue
        wanted = set(re.findall(r"\$([a-z_]+)", path.read_text(encoding="utf-8")))
        params = {k: values.get(k) for k in wanted if k != "kode_kec"}
        if "kode_kec" in wanted:
            listed.append((f"{path.stem} (whole scope)", name, {**params, "kode_kec": None}))
            listed.append((f"{path.stem} (one kecamatan)", name, {**params, "kode_kec": kode_kec}))
        else:
            listed.append((path.stem, name, params))
    return listed


def naive_capaian(exports: list[Path], targets: Path, wilayah: Path, mulai: date, day: date) -> pd.DataFrame:
    """One request of a naive dashboard: re-read every export CSV and group in pandas, under the counting rules
    (the census window starting on `mulai`)."""
    columns = ["id_submisi", "kode_desa", "waktu_submit", "jumlah_art", "no_kk", "status"]
    sub = pd.concat([pd.read_csv(p, dtype=str, usecols=columns) for p in exports], ignore_index=True)
    sub = sub.drop_duplicates("id_submisi", keep="last")
    areas = pd.read_csv(wilayah, dtype=str)
    areas["kode"] = areas["kode_desa"].str.replace(".", "", regex=False)
    sub["kode"] = sub["kode_desa"].str.replace(".", "", regex=False)
    text = sub["waktu_submit"].fillna("")
    text = text.where(text.str.contains(r"(?:Z|[+-]\d\d:?\d\d)$"), text + "+07:00")  # no offset: WIB
    sub["waktu"] = pd.to_datetime(text, utc=True, format="ISO8601", errors="coerce").dt.tz_convert("Asia/Jakarta")
    sub["art"] = pd.to_numeric(sub["jumlah_art"], errors="coerce")
    sub["status"] = sub["status"].fillna("respon").str.lower()
    valid = (
        sub["waktu"].notna()
        & sub["art"].between(1, 99)
        & sub["kode"].isin(areas["kode"])
        & (sub["no_kk"].isna() | sub["no_kk"].str.fullmatch(r"[0-9]{16}").fillna(False))
        & sub["status"].isin(["respon", "clean"])
    )
    sub = sub[valid]
    sub["tanggal"] = sub["waktu"].dt.tz_localize(None).dt.normalize()
    sub = sub[(sub["tanggal"] >= pd.Timestamp(mulai)) & (sub["tanggal"] <= pd.Timestamp(day))]
    sub["rt"] = sub["no_kk"].fillna("id:" + sub["id_submisi"])
    sub = sub.sort_values(["rt", "waktu", "id_submisi"])
    grouped = sub.groupby("rt", sort=False)
    households = grouped.first()[["kode"]].join(grouped.last()[["art", "status"]])
    households["clean"] = households["status"] == "clean"
    households = households.merge(areas[["kode", "kode_kec"]], on="kode")
    got = households.groupby("kode_kec").agg(
        kk_respon=("art", "size"), penduduk_respon=("art", "sum"), kk_clean=("clean", "sum")
    )
    target = pd.read_csv(targets, dtype={"kode_desa": str}).merge(areas[["kode_desa", "kode_kec"]], on="kode_desa")
    target = target.groupby("kode_kec")[["kk", "penduduk"]].sum()
    table = target.join(got).fillna(0)
    table["persen_kk"] = 100 * table["kk_respon"] / table["kk"]
    table["persen_penduduk"] = 100 * table["penduduk_respon"] / table["penduduk"]
    return table.reset_index()


def as_csv(exports: list[Path]) -> list[Path]:
    """The naive app reads CSV: Parquet / XLSX exports converted once, outside the timing."""
    converted = []
    for path in exports:
        if path.suffix == ".csv":
            converted.append(path)
            continue
        out = path.with_name(f"naive_{path.stem}.csv")
        if not out.exists():
            frame = pl.read_parquet(path) if path.suffix == ".parquet" else pl.read_excel(path, infer_schema_length=0)
            frame.select(pl.all().cast(pl.String)).write_csv(out)
        converted.append(out)
    return converted


def naive_inputs(store_path: Path, exports: list[Path]) -> tuple[Path, Path]:
    """The targets and areas as the naive app would have them: CSV files beside the exports."""
    from sensus.store import database

    con = database.connect_reader(store_path)
    folder = exports[0].parent
    targets, wilayah = folder / "naive_target.csv", folder / "naive_wilayah.csv"
    con.sql("select * from target").pl().write_csv(targets)
    con.sql("select * from desa").pl().write_csv(wilayah)
    con.close()
    return targets, wilayah


def blora_store(cfg: Config) -> tuple[str, Path, list[Path]]:
    """The demo store of the configured region (Blora by default) when the simulator exists (its exports
    regenerated for the naive baseline), else synthetic."""
    try:
        from sensus.demo import simulate
    except ImportError:
        simulate = None
    if simulate is not None:
        info = stores.build_demo()
        folder = stores.DEMO.parent / "exports"
        if not folder.exists():
            villages = common.region_villages(cfg.kode_kab)
            simulate.simulate(villages, folder, seed=2020, region=cfg.wilayah, window=cfg.window)
        exports = sorted(p for p in folder.iterdir() if p.name.startswith("export_"))
        return f"{cfg.nama_kab} demo (`python -m sensus demo`, built in {info['build_s']} s)", stores.DEMO, exports
    info = stores.build_blora_synth()
    exports = sorted((stores.BLORA_SYNTH.parent / "exports").glob("ekspor_*.csv"))
    return (
        f"Blora synthetic ({info['submissions']:,} submissions; sensus/simulate.py absent)",
        stores.BLORA_SYNTH,
        exports,
    )


def measure(scale: str, label: str, store_path: Path, exports: list[Path], naive_runs: int, cfg: Config) -> dict:
    """Every report query on the store at `store_path` and the naive baseline over its exports; the region's row
    is named as the store records it (the national store records the configured region)."""
    from sensus.store import database

    opened = []
    for _ in range(20):
        began = time.perf_counter()
        con = database.connect_reader(store_path)
        opened.append(time.perf_counter() - began)
        con.close()
    reader = database.connect_reader(store_path)
    region = wilayah_indonesia.kabupaten(database.stored_region(database.read_meta(reader)))
    rows = []
    for name, query, params in cases(reader, cfg, region):
        cur = database.cursor(reader)
        result = database.run_sql(cur, query, **params)
        samples = common.timed(lambda q=query, p=params, c=cur: database.run_sql(c, q, **p), REPEAT[scale])
        rows.append({"case": name, "query": query, "rows": result.height, **common.percentiles(samples)})
    day = reader.sql("select max(tanggal) from capaian_harian_desa where kk_baru > 0").fetchall()[0][0]
    store_figures = database.run_sql(
        reader,
        "reports/capaian",
        tanggal=day,
        tingkat="kecamatan",
        kode_kec=None,
        kode_kab=region.kode,
        nama_kab=region.nama,
    )
    targets, wilayah = naive_inputs(store_path, exports)
    exports = as_csv(exports)
    naive_samples = []
    for _ in range(naive_runs):
        began = time.perf_counter()
        naive = naive_capaian(exports, targets, wilayah, cfg.mulai, day)
        naive_samples.append(time.perf_counter() - began)
    # the naive answer must be the same answer, or the ratio means nothing
    figures = ["kk_respon", "penduduk_respon", "kk_clean"]
    check = naive.sort_values("kode_kec")[figures].astype(int).values.tolist()
    same = check == [list(r) for r in store_figures.select(figures).rows()]
    store_case = next(r for r in rows if r["case"] == "capaian kecamatan (day)")
    naive_p50 = common.percentiles(naive_samples)["p50_ms"]
    return {
        "scale": scale,
        "store": label,
        "store_mb": round(store_path.stat().st_size / 1e6),
        "submissions": reader.sql("select count(*) from submisi").fetchall()[0][0],
        "villages": reader.sql("select count(*) from desa").fetchall()[0][0],
        "reader_open": common.percentiles(opened),
        "queries": rows,
        "naive": {
            **common.percentiles(naive_samples),
            "export_files": len(exports),
            "same_figures_as_store": same,
            "ratio_vs_store_query_p50": round(naive_p50 / store_case["p50_ms"], 1),
        },
    }


def markdown(results: list[dict]) -> str:
    parts = ["## Query latency (`python -m bench.queries`)"]
    for r in results:
        target = TARGET_MS[r["scale"]]
        worst = max(q["p95_ms"] for q in r["queries"])
        parts.append(
            f"### {r['scale']}: {r['store']}\n\n{r['villages']:,} villages, {r['submissions']:,} submissions, "
            f"store {r['store_mb']:,} MB. Reader open (connect + ATTACH read-only): "
            f"p50 {r['reader_open']['p50_ms']} ms, "
            f"p95 {r['reader_open']['p95_ms']} ms. Target p95 ≤ {target} ms; worst p95 {worst} ms "
            f"({'met' if worst <= target else 'NOT met'})."
        )
        parts.append(
            common.table_md(
                ["query (page use)", "rows", "p50 ms", "p95 ms", "p95 / target"],
                [
                    [q["case"], f"{q['rows']:,}", q["p50_ms"], q["p95_ms"], f"{q['p95_ms'] / target:.2f}"]
                    for q in r["queries"]
                ],
            )
        )
        n = r["naive"]
        parts.append(
            f"Naive pandas (re-read {n['export_files']} export CSV + targets, group per request): "
            f"p50 {n['p50_ms']:,} ms (n={n['n']}); same kk_respon, penduduk_respon, kk_clean per kecamatan as the "
            f"store: {n['same_figures_as_store']}. "
            f"Ratio to the store query `capaian kecamatan (day)` p50: **{n['ratio_vs_store_query_p50']:,}×** "
            "(target ≥ 30×)."
        )
    return "\n\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", choices=("blora", "blora-full", "national"))
    args = parser.parse_args()
    cfg = config.read()
    results = []
    if args.only in (None, "blora"):
        label, path, exports = blora_store(cfg)
        results.append(measure("blora", label, path, exports, naive_runs=5, cfg=cfg))
    if args.only in (None, "blora-full"):
        # Blora as if every registered household (≈ 265 k) had answered online: the scale
        info = stores.build_blora_synth()
        exports = sorted((stores.BLORA_SYNTH.parent / "exports").glob("ekspor_*.csv"))
        label = f"Blora at full-response scale (synthetic, {info['submissions']:,} submissions over the 295 villages)"
        results.append(measure("blora-full", label, stores.BLORA_SYNTH, exports, naive_runs=5, cfg=cfg))
    if args.only in (None, "national"):
        info = stores.build_national()
        exports = sorted((stores.NATIONAL.parent / "exports").glob("ekspor_*.csv"))
        label = f"national synthetic ({info['villages']:,} villages of idn-area-data {common.IDN_AREA_VERSION})"
        results.append(measure("national", label, stores.NATIONAL, exports, naive_runs=3, cfg=cfg))
    name = "queries" if args.only is None else f"queries_{args.only}"
    common.save(name, {"results": results}, markdown(results))


if __name__ == "__main__":
    main()
