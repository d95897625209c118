-- submisi_rejects: keep the first rejected lines of this import, with the contract columns only (no_kk never)
-- reads: submisi_checked
-- writes: baris_ditolak
-- grain: one row per rejected line of the file, the first $maks by sheet and line; every value cut to 80
--        characters (counts by reason of all of them: reject_counts)
-- params: $impor_id INTEGER, $berkas VARCHAR (the file's name; a sheet's name is added for XLSX), $maks INTEGER
insert into baris_ditolak
select
    $impor_id,
    case when lembar is null then $berkas else $berkas || ' [' || lembar || ']' end,
    baris,
    alasan,
    -- the offending value, never a personal one, in no language: for no_kk only its number of digits
    dipotong(case alasan
        when 'no_kk_tidak_16_digit' then kk_panjang::varchar
        when 'kode_desa_tidak_sah' then kode_desa
        when 'kode_desa_tidak_dikenal' then kode_bersih
        when 'kode_desa_luar_kabupaten' then kode_bersih
        when 'waktu_submit_tidak_terbaca' then waktu_submit
        when 'waktu_submit_di_luar_rentang' then waktu_submit
        when 'jumlah_art_bukan_angka' then jumlah_art
        when 'jumlah_art_di_luar_1_99' then jumlah_art
        when 'status_tidak_dikenal' then status
    end),
    dipotong(id_submisi), dipotong(kode_desa), dipotong(waktu_submit), dipotong(jumlah_art), dipotong(status)
from submisi_checked
where alasan is not null
order by lembar nulls first, baris
limit $maks
