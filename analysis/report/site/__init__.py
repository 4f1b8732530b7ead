"""The static site for reporters: a page per force (:mod:`.page`, its words in :mod:`.story`), the front page
(:mod:`.index`), the headline figures the pages read (:mod:`.figures`) and the Jinja2 templates."""
