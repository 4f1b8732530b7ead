"""The data layer: paths, vocabulary, formatting, raw-file reading and validation, registers, forces,
sources, observations, reference tables and reconciliation (pandas only; imports nothing above it).
"""
