"""One module per `orgsim` sub-command; each defines add_parser(subparsers) and a handler.

The rule that keeps `orgsim --help`, `levels` and `strategies` quick (issue 12): `orgsim` builds
every sub-command's parser, so a module's top level imports only argparse and light helpers
(sim.choices, sim.limits, sim.levels, sim.safefile, ...); the library (the model, the analysis,
the workshop, and with them numpy, pandas and Mesa) is imported inside the handler.
tests/test_startup.py checks it.
"""
