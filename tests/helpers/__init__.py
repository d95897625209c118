"""Helpers more than one test module uses; test modules import from here, never from each other."""
