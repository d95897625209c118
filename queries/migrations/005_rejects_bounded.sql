-- 005_rejects_bounded: store schema 4 → 5
-- grain: none (schema change and data repair); run inside the writer's draft, published with the rest or not at all
-- params: none
-- An import keeps only its first rejected lines (pantau.toml [impor] baris_ditolak_maks) and counts all of them by
-- reason in ditolak_alasan, so a file of a million bad rows stores bounded data. The counts of earlier imports are
-- taken from the lines they kept (all of them, before this version).
create table if not exists ditolak_alasan (
    impor_id integer not null,
    alasan varchar not null,         -- a code, as baris_ditolak.alasan
    jumlah bigint not null
);
insert into ditolak_alasan
select impor_id, alasan, count(*)
from baris_ditolak
where impor_id not in (select impor_id from ditolak_alasan)
group by impor_id, alasan;
-- values in no language, the words are the reason's text: 'baris 164' → '164', '15 digit' → '15'
update baris_ditolak set nilai = regexp_extract(nilai, '^baris ([0-9]+)$', 1)
where alasan = 'duplikat_id_submisi' and regexp_full_match(nilai, 'baris [0-9]+');
update baris_ditolak set nilai = regexp_extract(nilai, '^([0-9]+) digit$', 1)
where alasan = 'no_kk_tidak_16_digit' and regexp_full_match(nilai, '[0-9]+ digit');
-- every echoed value at most 80 characters, as new imports keep them
update baris_ditolak set
    nilai = case when length(nilai) > 80 then left(nilai, 79) || '…' else nilai end,
    id_submisi = case when length(id_submisi) > 80 then left(id_submisi, 79) || '…' else id_submisi end,
    kode_desa = case when length(kode_desa) > 80 then left(kode_desa, 79) || '…' else kode_desa end,
    waktu_submit = case when length(waktu_submit) > 80 then left(waktu_submit, 79) || '…' else waktu_submit end,
    jumlah_art = case when length(jumlah_art) > 80 then left(jumlah_art, 79) || '…' else jumlah_art end,
    status = case when length(status) > 80 then left(status, 79) || '…' else status end
where greatest(
    coalesce(length(nilai), 0), coalesce(length(id_submisi), 0), coalesce(length(kode_desa), 0),
    coalesce(length(waktu_submit), 0), coalesce(length(jumlah_art), 0), coalesce(length(status), 0)
) > 80;
