"""The display layer: figures and widgets that show what the maths layer computes, nothing more.

Imports matplotlib (and, in the widget functions, ipywidgets), so ``import bplab`` does not load it.
``style`` holds the one plotting style of the course; each chapter family has a module of views.
"""
