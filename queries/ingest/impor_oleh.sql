-- impor_oleh: who started an import (a dashboard user, `cli:<os user>`, `sistem`) and whether it can be undone
-- reads: none
-- writes: impor_oleh
-- grain: one row per import
-- params: $impor_id INTEGER, $pengguna VARCHAR, $alasan VARCHAR (the text key saying why it cannot be undone;
--         null when it can)
insert into impor_oleh (impor_id, pengguna, is_bisa_batal, alasan)
values ($impor_id, $pengguna, $alasan is null, $alasan)
