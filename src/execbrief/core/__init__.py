"""The pure core: no files, network, database, clock or printing (the caller passes `now`).

The pipeline, one package a stage; each imports only the stages before it:

    incident  -> impact  -> exposure  -> story  -> followup
    (facts)      (math)     (clocks)     (brief)   (promises kept)

`speech` (how numbers and times are said) lies beneath every stage; `language` (the
executive-language checker) stands apart and knows nothing of incidents.
"""
