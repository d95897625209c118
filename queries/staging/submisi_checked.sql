-- submisi_checked: every staged line of a submissions export, typed and normalised, with its rejection reason
-- reads: desa, staged
-- writes: submisi_checked
-- grain: one row per line of the file; alasan is null for a valid line
-- params: $mulai DATE, $selesai DATE (the census window), $waktu_min TIMESTAMPTZ, $waktu_max TIMESTAMPTZ
--         (the plausible instants, from pantau.toml [impor]), $kode_kab VARCHAR (the region's code, e.g. '33.16')
create or replace temp table submisi_checked as
with parsed as (
    select
        s.*,
        kode_desa_bertitik(s.kode_desa) as kode_bersih,
        waktu_iso(s.waktu_submit) as waktu,
        -- digits only: 2.5, 1e1, 0x10 and 1_0 are not a count of persons
        case when regexp_full_match(s.jumlah_art, '[0-9]+') then try_cast(s.jumlah_art as integer) end as art,
        coalesce(lower(s.status), 'respon') as status_bersih
    from staged as s
)

select
    p.*,
    cast(p.waktu as date) as tanggal,
    case
        when p.id_submisi is null then 'id_submisi_kosong'
        when p.kode_desa is null then 'kode_desa_kosong'
        when p.kode_bersih is null then 'kode_desa_tidak_sah'
        when d.kode_desa is null and not starts_with(p.kode_bersih, $kode_kab || '.') then 'kode_desa_luar_kabupaten'
        when d.kode_desa is null then 'kode_desa_tidak_dikenal'
        when p.waktu_submit is null then 'waktu_submit_kosong'
        when p.waktu is null then 'waktu_submit_tidak_terbaca'
        -- an instant no reader can turn into a date is never stored
        when not (p.waktu >= $waktu_min and p.waktu < $waktu_max) then 'waktu_submit_di_luar_rentang'
        when p.jumlah_art is null then 'jumlah_art_kosong'
        when not regexp_full_match(p.jumlah_art, '[0-9]+') then 'jumlah_art_bukan_angka'
        when p.art is null or p.art not between 1 and 99 then 'jumlah_art_di_luar_1_99'
        when p.kk_panjang is not null and p.kk_hash is null and not p.kk_placeholder then 'no_kk_tidak_16_digit'
        when p.status_bersih not in ('respon', 'clean') then 'status_tidak_dikenal'
    end as alasan,
    cast(p.waktu as date) not between $mulai and $selesai as is_luar_jendela
from parsed as p
left join desa as d on d.kode_desa = p.kode_bersih
