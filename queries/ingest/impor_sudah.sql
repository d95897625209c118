-- impor_sudah: whether a file with these bytes was imported already as this kind (an undone import's sha256 is
-- renamed, so its file may come again)
-- reads: impor
-- writes: none
-- grain: one row when it was, none when it was not
-- params: $sha256 VARCHAR, $jenis VARCHAR (submisi | target | kegiatan)
select 1 from impor where sha256 = $sha256 and jenis = $jenis
