"""Tests of the composite-index engine (no Django)."""
