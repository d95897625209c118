-- target_reasons: the lines of a targets file by rejection reason (null: valid), to refuse a file without one
-- valid line and say why
-- reads: target_checked
-- writes: none
-- grain: one row per reason, the most frequent first
-- params: none
select alasan, count(*) as jumlah
from target_checked
group by alasan
order by 2 desc, 1
