-- ringkasan: the province summary, rebuilt after every publish into summary.parquet
-- grain: one row per kabupaten and day (35 × 46 for Jawa Tengah), each kabupaten from its CURRENT version only
-- params: none. Reads the temp table `ringkasan_lama` (the previous summary's rows of the kabupaten whose CURRENT
--         version it already holds) and the view `ringkasan_terbit` (the own summary rows of the other kabupaten's
--         CURRENT versions), so a rebuild reads one small file per changed kabupaten, not every kabupaten's.
--         A kabupaten with no published version has no rows.
select * from ringkasan_lama
union all by name
select * from ringkasan_terbit
order by kode_kab, tanggal
