"""Services: one module per officer action or batch job; the only writers to the store.

Each service is a function of the records it reads (and "today", passed in), returning the new
records and what it did, so the UI, the batch commands and the tests drive the same code.
"""
