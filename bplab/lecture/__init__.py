"""Lecture tools: ``slides`` builds offline reveal.js decks of the chapters (``make slides``);
``execute`` runs a chapter top to bottom in a fresh kernel and saves its outputs. Students never
need to read this."""
