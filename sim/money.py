"""What the team costs, paid from the level's budget: salaries and running costs, bonuses,
training, overtime, recruiting and the cost of each leaver. All figures are in thousands, like
a level's `salary` (a year's pay) and `budget` (for the whole level).

Why one module: every figure the player sees as "cost" or "budget left" comes from these few
rates, so a level designer can reason about money without reading the weekly update.
"""

from __future__ import annotations

OVERHEAD = 0.3            # running costs per head, as a share of salary
REPLACEMENT_COST = 0.3    # a leaver costs ~20-40% of a salary (Boushey & Glynn 2012)
RECRUITING_COST = 0.15    # share of a salary to recruit someone
BONUS_COST = {"none": 0.0, "team": 0.05, "individual": 0.08}
TRAINING_COST = 0.1       # full training budget: a tenth of salary per person per quarter
OVERTIME_PREMIUM = 1.5    # hours beyond a full week are paid at time and a half
WEEKS_PER_YEAR = 52.0
DEFAULT_BUDGET_SLACK = 1.15   # a level with no budget gets its team's running cost + 15%


def payroll_week(headcount: int, salary: float, savings: float, bonus: str,
                 training: float, weeks_per_quarter: int) -> float:
    """A week of salaries and running costs (less what cost efficiency saves), the bonus
    policy's share and the training budget."""
    savings = min(max(savings, -0.5), 0.8)
    weekly = headcount * salary / WEEKS_PER_YEAR * (1.0 + OVERHEAD * (1.0 - savings)
                                                    + BONUS_COST[bonus])
    return weekly + headcount * salary * TRAINING_COST * training / weeks_per_quarter


def overtime_week(overload: float, salary: float) -> float:
    """Overtime: everyone's work beyond a full week (summed), paid at the premium rate."""
    return overload * salary / WEEKS_PER_YEAR * OVERTIME_PREMIUM


def default_budget(team_size: int, salary: float, quarters: int) -> float:
    """The budget of a level that names none: its starting team's running cost plus slack."""
    return team_size * salary * (1.0 + OVERHEAD) * quarters / 4.0 * DEFAULT_BUDGET_SLACK
