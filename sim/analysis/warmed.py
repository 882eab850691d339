"""Importing this makes the model's compiled week ready (`sim.kernels.warm_up`).

Why a module: a fork server preloads modules, not calls; preloading this one means every
worker it forks starts with the kernels loaded, instead of each loading numba and its cache
(about a second of CPU per worker, as much as 100 short runs; issue 12).
"""

from sim import kernels

kernels.warm_up()
