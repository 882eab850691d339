"""Headless analysis on top of the model: validation, sweeps, plots and comparisons."""
