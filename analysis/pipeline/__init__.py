"""Jobs that write files: the build, the figure export, the notebooks, the profile runner and the
command line (imported only by ``__main__`` and tests).
"""
