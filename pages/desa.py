"""Placeholder until this page lands: it is registered in dashboard.py."""

import streamlit as st

st.info("…")
