-- target_replace: the file's valid rows become the stored targets (the file replaces them whole)
-- reads: target_checked
-- writes: target
-- grain: one row per village of the file
-- params: none
insert into target
select kode, jiwa::integer, keluarga::integer, sumber
from target_checked
where alasan is null
