"""The scripted bosses by name, each with its one-line description, in the order they are listed.

Why a module of its own, holding only data: `orgsim strategies` lists them without loading
numpy or Mesa (issue 12: start-up); sim/strategies.py gives each name its behaviour.
"""

STRATEGY_DESCRIPTIONS: dict[str, str] = {
    "leader": "All attention on leadership levers: vision, inspiration, coaching, trust, "
              "strengths, listening, challenge.",
    "manager": "All attention on management levers: planning, coordination, assigning work, "
               "control, deadlines, cost, rewards, hiring and training.",
    "balanced": "Half the attention on leadership, half on management, evenly spread.",
    "adaptive": "Reads what a player sees (the team's state, the kind of work, the goals, the "
                "phase, the money) and decides each quarter: people and purpose for knowledge "
                "work, structure and rewards for routine work, a push when the work is worth "
                "most, hires to the work waiting, thrift when money is a goal.",
    "neglect": "Spends no attention at all (laissez-faire).",
    "random": "Random legal decisions and responses (for sweeps and tests).",
}
