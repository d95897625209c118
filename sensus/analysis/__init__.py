"""Analysis: pure functions over the frames the store's reports return (no SQL, no Streamlit, no writes).

uplift (did an event lift responses), forecast (the rate on the window's last day, backtest), priority (where
the next meetings should go), stalled (villages and kecamatan without new households), daily_message (the
WhatsApp summary), kegiatan_desa (which villages an event touches), headline (the monitoring pages' figures and
area lists: clean share, households to target, on/below path, the desa list), labels (text keys of result codes).
"""
