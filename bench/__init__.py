"""policykit's benchmark: ``python -m bench.run --n 2000`` from the repository root.

* :mod:`bench.corpus` makes (once, cached in ``bench/.corpus-N``) N realistic policies
  from the test generator, spread over school sub-folders;
* :mod:`bench.contenders` holds the readers compared with ``policykit check``;
* :mod:`bench.run` times them side by side and prints the table.
"""
