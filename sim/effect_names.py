"""The effect names: every push on the team in one vocabulary, written once (what each
effect means, for levers, discrete actions and events).

Why a module of its own, holding only data: levels (levels/*.toml) are checked against these
names, and `orgsim levels` must list the levels without loading numpy or Mesa (issue 12:
start-up); sim/effects.py, which applies the pushes, imports the names from here.
"""

#: Weekly pushes for as long as a decision holds (levers, bonus, training, neglect): read by
#: sim/dynamics.py. Sizes are per unit of intensity.
CHANNELS: dict[str, str] = {
    "effort": "immediate lift of effort; acts at once and fades over the quarter",
    "pace": "faster pace of work: more load, more exhaustion (and capability erosion)",
    "coordination": "role clarity and coordination; fast, and gone soon after you stop",
    "process": "growth of process capability, a slow stock (Taylor's standard work)",
    "innovation": "growth of the team's stock of ideas put to work, a slow stock",
    "safety": "psychological safety (target shift; slow)",
    "trust": "trust in the boss (target shift; slow)",
    "autonomy": "the autonomy need (target shift; slow)",
    "competence": "the competence need (target shift; slow)",
    "relatedness": "the relatedness need (target shift; slow)",
    "purpose": "sense of purpose: scales how far the needs lift intrinsic motivation",
    "feedback": "positive feedback: lifts intrinsic motivation (Deci et al. d ~ +.33)",
    "crowding": "tangible contingent rewards crowd out intrinsic motivation (d ~ -.28 to -.40)",
    "extrinsic": "extrinsic motivation (rewards, pay); fast, fades when the reward stops",
    "coaching": "skill growth towards mastery; slow, lasting",
    "training": "formal training: quick skill growth towards a basic ceiling",
    "fit": "weekly chance to move a person onto work that fits their strengths",
    "balance": "evening out of workload between people",
    "hindrance": "hindrance stress: red tape, micromanagement, missing resources",
    "recovery": "recovery from exhaustion",
    "ramp": "faster ramp-up of newcomers",
    "savings": "share of running costs saved (the bottom line)",
    "morale": "how the push feels to people each week (direct, signed)",
}

#: One-off changes of a person's state (0-1 scales), on everyone a push touches.
PERSON: dict[str, str] = {
    "morale": "a one-off change of morale (explained under the push's name)",
    "trust": "a one-off change of trust in the boss",
    "exhaustion": "a one-off change of exhaustion",
    "intrinsic": "a one-off change of intrinsic motivation",
    "extrinsic": "a one-off change of extrinsic motivation",
    "skill": "a one-off change of skill",
    "autonomy": "a one-off change of the autonomy need",
    "relatedness": "a one-off change of the relatedness need",
}
#: One-off changes of the team's stocks (0-1 scales).
TEAM: dict[str, str] = {
    "safety": "a one-off change of psychological safety",
    "coordination": "a one-off change of coordination",
    "process": "a one-off change of process capability",
    "innovation": "a one-off change of the stock of ideas",
}
#: Changes that last for an event's duration.
LASTING: dict[str, str] = {
    "demand": "extra workload (share of capacity) for the event's duration",
    "effort": "extra effort (share) for the event's duration",
    "value": "a change in what output is worth for the event's duration (share)",
}
#: Everything else a push may do.
OTHER: dict[str, str] = {
    "cost": "a one-off cost, in salaries",
    "star_quit": "the chance that the star of the team leaves",
    "coached": "coached in a one-to-one this quarter (faster skill growth, more competence)",
    "reassign": "moved onto the work that best fits their strengths",
}
#: The keys an event or an event's answer may use, and what each means.
EVENT_EFFECTS: dict[str, str] = {**PERSON, **TEAM, **LASTING,
                                 **{k: OTHER[k] for k in ("cost", "star_quit")}}
#: The keys a one-to-one or letting people go may use (sim/levers.toml).
ACTION_EFFECTS: dict[str, str] = {**PERSON, "innovation": TEAM["innovation"],
                                  "coached": OTHER["coached"], "reassign": OTHER["reassign"]}
