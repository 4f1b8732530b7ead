"""Charts: the house style, the ``Chart`` object and its export, chart functions by topic, and the
registry (imports data, stats and tables).
"""
