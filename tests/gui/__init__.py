"""Tests of what a person sees and touches, with pytest-qt, drawing offscreen."""
