"""The privacy evaluation: a seeded set with planted PII, and the leak and kept-word measures.

``privacy_set`` builds the rows and their ground truth (values from Faker's locales and from
hand-written lists, never from the detector's gazetteers), ``privacy_eval`` runs the anonymise
job and Presidio's default engine on them and counts what survives, and ``eval_privacy`` is the
command line (``make eval-privacy``).
"""
