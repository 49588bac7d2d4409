"""Lecture tools: ``slides`` builds offline reveal.js decks of the chapters (``make slides``).
Students never need to read this."""
