"""The matcher: parse titles, score named components, decide, plan queries, re-score tables.

Entry points: :func:`score.parse_source`, :func:`score.score`, :func:`decide.decide`,
:func:`queries.query_plan`, :class:`matcher.Matcher`, :mod:`rescore`.
"""
