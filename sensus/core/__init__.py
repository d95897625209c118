"""Core: configuration and every path, reference areas, the viewer's scope, the census calendar, texts.

Imports nothing else of sensus; every other layer may import it.
"""
