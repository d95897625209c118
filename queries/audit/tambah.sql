-- audit/tambah: fold journal events into the store's audit table
-- grain: one row per event of the registered frame `audit_baru` (waktu, pengguna, aksi, rincian)
-- params: none
insert into audit (waktu, pengguna, aksi, rincian)
select waktu, pengguna, aksi, rincian from audit_baru
