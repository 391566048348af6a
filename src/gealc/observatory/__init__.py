"""The observatory: index runs computed from validated submissions, their publication, the
public figures (selectors for pages and the API), open data exports and the UN EGDI benchmark.
"""
