"""The production settings, plus the benchmark's minimal Django view at /bench/minimal/.

Used only by bench/run (DJANGO_SETTINGS_MODULE=bench.settings): everything else is
kpportal.settings.prod, configured by the same environment variables.
"""

from kpportal.settings.prod import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# The minimal view is the floor of a Django request; the page cache must not answer it.
PAGECACHE_EXCLUDED_PATHS = ("/quan-tri/", "/bench/")
