-- terbit_periksa: each version PostgreSQL holds, with what its row says and what its tables hold (a drill's check)
-- grain: one row per kabupaten and version, plus whether terbit_current names it
-- params: none
SELECT
    v.kode_kab,
    v.versi,
    c.versi IS NOT NULL AS is_current,
    v.baris,
    (SELECT count(*) FROM terbit_capaian_harian_desa AS t WHERE t.kode_kab = v.kode_kab AND t.versi = v.versi)
    + (SELECT count(*) FROM terbit_desa AS t WHERE t.kode_kab = v.kode_kab AND t.versi = v.versi)
    + (SELECT count(*) FROM terbit_kecamatan AS t WHERE t.kode_kab = v.kode_kab AND t.versi = v.versi)
    + (SELECT count(*) FROM terbit_kabupaten AS t WHERE t.kode_kab = v.kode_kab AND t.versi = v.versi)
    + (SELECT count(*) FROM terbit_ringkasan AS t WHERE t.kode_kab = v.kode_kab AND t.versi = v.versi) AS rows_held,
    (SELECT count(*) FROM terbit_kabupaten AS t WHERE t.kode_kab = v.kode_kab AND t.versi = v.versi) AS kabupaten_rows,
    v.store_chunks,
    (SELECT count(*) FROM terbit_store_chunk AS s WHERE s.kode_kab = v.kode_kab AND s.versi = v.versi) AS chunks_held,
    v.store_bytes,
    (
        SELECT coalesce(sum(octet_length(s.data)), 0)
        FROM terbit_store_chunk AS s
        WHERE s.kode_kab = v.kode_kab AND s.versi = v.versi
    ) AS bytes_held
FROM terbit_versi AS v
LEFT JOIN terbit_current AS c ON c.kode_kab = v.kode_kab AND c.versi = v.versi
ORDER BY v.kode_kab, v.versi
