"""Pure plotly builders: polars frames in, figures out; no Streamlit."""
