"""The display layer: figures and widgets that show what the maths layer computes, nothing more.

Imports matplotlib (and, in the widget functions, ipywidgets), so ``import bplab`` does not load it.
``common`` holds what every figure shares: the style (applied in a context, never globally), the
colours and colour maps, the square of the input plane and a neuron's line in it; ``style`` is
the part of it the notebooks import. Each chapter family has a module of views: ``neuron``
(chapter 01), ``descent`` (02-03), ``graph`` (04-05), ``xor`` (06-07).
"""
