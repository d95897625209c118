-- audit/tambah: fold the journal's events (the registered frame `audit_baru`) not yet in the store into it
-- grain: one row per event newer than the newest stored one
-- params: none
insert into audit (waktu, pengguna, aksi, rincian)
select waktu, pengguna, aksi, rincian
from audit_baru
where waktu > coalesce((select max(waktu) from audit), '1970-01-01 00:00:00+00'::timestamptz)
order by waktu
