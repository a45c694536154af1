"""`handouts batch`: a roster in, one packet per child and one print-ready file out.

run (the batch: rows checked in the main process, built by the pool, recorded in roster order),
pool (the worker processes), journal (what an earlier run built), manifest (manifest.csv),
merge (the print file), names (packet file names), results (settings and outcomes).
"""

from handouts.batch.results import BatchSettings
from handouts.batch.run import Batch, prepare_batch

__all__ = ["Batch", "BatchSettings", "prepare_batch"]
