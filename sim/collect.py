"""The weekly record (`OrgModel.datacollector`): Mesa's DataCollector without a copy per value.

Why: Mesa deep-copies every model reporter's value at every step, so that a mutable value (a
list, an array) is not changed afterwards under the record. The model's weekly reporters are
attribute names whose values are plain numbers, which cannot change, and the copies were a
tenth of a 12-person week. This collector appends such values as they are and hands anything
else to `copy.deepcopy` exactly as Mesa does, so the record and its DataFrames are unchanged.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from copy import deepcopy
from typing import Any

import mesa
import numpy as np

#: Values that cannot change once read, so the record may keep them without a copy.
IMMUTABLE: frozenset[type] = frozenset({int, float, bool, str, type(None), np.float64,
                                        np.int64, np.bool_})


class WeekCollector(mesa.DataCollector):
    """A `mesa.DataCollector` whose model reporters are attribute names of the model."""

    def __init__(self, model_reporters: dict[str, str],
                 agent_reporters: dict[str, Any] | None = None) -> None:
        if not all(isinstance(r, str) for r in model_reporters.values()):
            raise TypeError("WeekCollector's model reporters must be attribute names")
        super().__init__(model_reporters=model_reporters, agent_reporters=agent_reporters)
        self._columns = [self.model_vars[name] for name in model_reporters]
        self._attributes = list(model_reporters.values())
        self._read = _getter(self._attributes)

    def collect(self, model: mesa.Model) -> None:
        """Record the model's reporters (and the agents', if any) for this step."""
        if not self._validated:
            super().collect(model)        # Mesa checks the reporters on the first collect
            return
        for column, value in zip(self._columns, self._read(model), strict=True):
            column.append(value if type(value) in IMMUTABLE else deepcopy(value))
        if self.agent_reporters:
            self._agent_records[model.steps] = list(self._record_agents(model))

    def collect_weeks(self, model: mesa.Model, weeks: int, changing: dict[str, list[Any]]
                      ) -> None:
        """Record `weeks` steps at once, as `collect` after each would: `changing` gives the
        attributes that changed from step to step (a value per step, each a plain number);
        every other attribute is as the model has it now, the same in each of those steps.

        Why: a span of quiet weeks (`OrgModel._play_span`) books them in one go; a collect per
        week was a tenth of its cost. Not for a collector of the agents' values (they change
        every week)."""
        if self.agent_reporters:
            raise ValueError("collect_weeks records the model's values only")
        if not self._validated:
            for name, reporter in self.model_reporters.items():
                self._validate_model_reporter(name, reporter, model)
        for column, attribute, value in zip(self._columns, self._attributes, self._read(model),
                                            strict=True):
            values = changing.get(attribute)
            if values is not None:
                column.extend(values)
            elif type(value) in IMMUTABLE:     # the same value each week: no copies to make
                column.extend([value] * weeks)
            else:
                column.extend([deepcopy(value) for _ in range(weeks)])


def _getter(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """A function reading the named attributes as one tuple (one C call for all of them)."""
    if len(names) == 1:
        get = operator.attrgetter(names[0])
        return lambda obj: (get(obj),)
    return operator.attrgetter(*names)
