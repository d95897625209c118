-- target_delete: a targets file replaces the stored targets whole; this clears them first
-- reads: none
-- writes: target
-- grain: deletes every row
-- params: none
delete from target
