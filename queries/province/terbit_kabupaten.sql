-- terbit_kabupaten: who a published version is: the kabupaten, its store's version and window, when it was published
-- grain: one row
-- params: $kode_kab VARCHAR, $nama_kab VARCHAR, $versi INTEGER (the published version), $diterbitkan TIMESTAMPTZ.
--         Reads the store's `meta` (versi: the store's own version; jendela_marts: the window its marts cover).
select
    $kode_kab::varchar as kode_kab,
    $nama_kab::varchar as nama_kab,
    $versi::integer as versi,
    (select max(nilai) from meta where kunci = 'versi')::integer as versi_penyimpanan,
    (select max(nilai) from meta where kunci = 'jendela_marts') as jendela,
    coalesce((select max(nilai) from meta where kunci = 'demo'), 'false') = 'true' as demo,
    $diterbitkan::timestamptz as diterbitkan
