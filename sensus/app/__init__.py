"""App: the Streamlit layer.

cache (st.cache_* wrappers of the typed reports, keyed on the store version and the viewer's scope), state (the
URL-bound controls: bahasa, ukuran, tanggal, areas), tables (tables, downloads, charts on the page), frame (the
one private Streamlit flag), columns (column labels), panels (pieces several views show), views/ (one module per
page), charts/ (pure plotly builders), exports (CSV/XLSX safe for a spreadsheet).

Nothing outside the pages and dashboard.py imports it.
"""
