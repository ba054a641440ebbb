"""The numbers that bound the work of a search (tests change some of them)."""

SEARCH_CONFIG = "russian"
MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
# No Russian word is longer; a longer one is a paste or a probe, and costs the most to match.
MAX_WORD_LETTERS = 40
PAGE_SIZE = 10
MAX_PAGES = 50
# A provider with ``newest_first`` ranks only this many of its newest matches: a word found in
# most of 100,000 articles is then still answered in milliseconds, not seconds: as many as the
# pages can show.
CANDIDATES = PAGE_SIZE * MAX_PAGES
# Full-text matches of such a provider are found by walking its date index when PostgreSQL
# expects at least this share of its rows to match, otherwise through the GIN index. (The
# planner overestimates prefix matches about twofold; the break-even is near 17 % real.)
INDEX_WALK_SHARE = 0.3
# The bitmap is first tried on this many times the newest rows that should hold the candidates.
WINDOW_MARGIN = 3
# The trigram fallback: for queries of at most this many words, one of them this long at
# least, on titles with an extent this similar (word_similarity «побротим» ~ «побратимом»: 0.44).
FUZZY_MAX_WORDS = 3
FUZZY_MIN_LETTERS = 4
FUZZY_MAX_LETTERS = 24
FUZZY_THRESHOLD = 0.4
SNIPPET_CHARS = 280
# PostgreSQL's code for a statement cancelled by statement_timeout.
QUERY_CANCELED = "57014"
