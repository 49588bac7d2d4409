"""Chapter helpers: the numbers behind particular chapters, built on the maths of ``bplab``.

``surfaces``: cost grids, condition numbers and step-size limits (chapters 02-03);
``experiments``: many runs, success rates, the sources' own training loops (chapters 06-08);
``mistakes``: deliberate versions of the sources' mistakes, to run and measure (05, 06, 08);
``reverse_mode``: networks built from ``bplab.autodiff`` values, timings and the one-neuron
comparison of costs (chapter 09).
"""
