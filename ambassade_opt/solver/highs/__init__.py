"""HiGHS: the program of a stage as a sparse matrix (:mod:`.program`), its runs (:mod:`.run`) and the
child process that keeps their time limits (:mod:`.worker`)."""
