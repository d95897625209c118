-- submisi_rejects: keep the rejected lines of this import, with the contract columns only (no_kk never)
-- grain: one row per rejected line of the file
-- params: $impor_id INTEGER, $berkas VARCHAR (the file's name; a sheet's name is added for XLSX)
insert into baris_ditolak
select
    $impor_id,
    case when lembar is null then $berkas else $berkas || ' [' || lembar || ']' end,
    baris,
    alasan,
    -- the offending value, never a personal one: for no_kk only its length
    case alasan
        when 'no_kk_tidak_16_digit' then kk_panjang::varchar || ' digit'
        when 'kode_desa_tidak_sah' then kode_desa
        when 'kode_desa_tidak_dikenal' then kode_bersih
        when 'kode_desa_luar_kabupaten' then kode_bersih
        when 'waktu_submit_tidak_terbaca' then waktu_submit
        when 'waktu_submit_di_luar_rentang' then waktu_submit
        when 'jumlah_art_bukan_angka' then jumlah_art
        when 'jumlah_art_di_luar_1_99' then jumlah_art
        when 'status_tidak_dikenal' then status
    end,
    id_submisi, kode_desa, waktu_submit, jumlah_art, status
from checked
where alasan is not null
order by lembar nulls first, baris
