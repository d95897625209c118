"""Test and benchmark harness (not shipped with the dashboard): serve the app for a browser, synthetic stores."""
