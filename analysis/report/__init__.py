"""What a reader is given: key figures per notebook, one force's charts and key figures (imports
everything below it).
"""
