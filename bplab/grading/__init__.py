"""Course tools for a graded class (layer 5 of the package; it runs headless and students never
need to read it).

``assignments``: exercise notebooks from their solutions; ``grade``: the grader and its command
line (``python -m bplab.grading``); ``sandbox``, ``build``, ``session``, ``worker``, ``wire``: how
each submission runs sealed off; ``report``: a feedback page per submission; ``release``: the
student handout.
"""
