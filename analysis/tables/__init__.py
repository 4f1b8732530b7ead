"""The analysis as DataFrames: rates, proportions, comparisons, coverage, the fact-check, one force's
tables (imports data and stats; draws nothing).
"""
