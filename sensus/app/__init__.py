"""App: the Streamlit layer.

configured (the one place the app builds its configuration), reader (the published store, read-only), cache
(the typed reports, cached on the store version and the viewer's scope: `scoped_report`), access and signin (who
is looking), context (the ViewContext a view draws for, and the region's words in every text), state (the
URL-bound controls: bahasa, ukuran, tanggal, areas), frame (the page frame: builds the ViewContext, the one private
Streamlit flag), tables (tables, downloads, charts on the page), figures (cached chart figures), columns (column
labels), panels (pieces several views show), wording (how the planning page words its findings), views/ (one module
per page; views/planning/ one per tab), charts/ (pure plotly builders), exports (CSV/XLSX safe for a spreadsheet).

Nothing outside the pages and dashboard.py imports it.
"""
