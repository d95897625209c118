"""Test and benchmark harness, not shipped with the dashboard: browser.py serves and drives the app in Chromium,
synthetic.py draws SP2020-like exports at any size, drills.py runs the store drills (tests and bench share them)."""
