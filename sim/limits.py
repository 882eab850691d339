"""The bounds on what orgsim reads, in one place (the README lists them).

Why: every count in a user's file is bounded, so no file, however hostile, can make a load or a
run take unbounded time or memory; a value past a bound gets a sentence naming it.
"""

MAX_FILE_BYTES = 5_000_000      # any file orgsim reads
MAX_DEPTH = 32                  # nesting of tables and lists in a TOML or JSON file
MAX_INT = 10**15                # magnitude of any whole number in a file
MAX_QUARTERS = 40               # quarters in a level (and so entries in a decision log)
MAX_TEAM = 10_000               # people in a team at the start of a level
MAX_EVENTS = 500                # cards in a level's event deck
MAX_GOALS = 20                  # goals of a level
MAX_ONE_TO_ONES = 100           # one-to-one actions in one quarter's decision
MAX_LET_GO = MAX_TEAM           # people let go in one quarter
MAX_SEEDS = 1_000_000           # seeds in one sweep or comparison
MAX_TEXT = 20_000               # characters in one text value (a briefing, an event's text)
MAX_SEED = MAX_INT              # largest seed: it must fit a save file and a table's int64 column
MAX_META_BYTES = 200_000_000    # a sweep's metadata file (it lists every seed of the plan)
MAX_RESULTS_BYTES = 20_000_000_000  # a results table handed to pandas / pyarrow
MAX_RESULT_PARTS = 1_000_000    # part-*.parquet files in a sweep's dataset folder
MAX_MINUTES = 63                # a workshop's minutes per quarter (6 bits of its session code)
